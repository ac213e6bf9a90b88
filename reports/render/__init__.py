"""Renderers: the same figures as JSON, XLSX, DOCX and PDF (`render(document, fmt)`)."""

from __future__ import annotations

from reports.render.document import Document, build_document

__all__ = ["Document", "build_document", "render"]


def render(document: Document, fmt: str) -> bytes:
    """The file of `document` in `fmt` (pdf, docx, xlsx, json)."""
    from reports.render import docx, json, pdf, xlsx

    renderers = {"pdf": pdf.render, "docx": docx.render, "xlsx": xlsx.render, "json": json.render}
    return renderers[fmt](document)
