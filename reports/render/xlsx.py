"""XLSX: a summary sheet, then one sheet per area with one column per year; numbers as
numbers (formula-looking text neutralised, `wardsec.exports.neutralise`)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from reports.render.document import Document, Table
from wardsec.exports import neutralise


def _cell(value: object) -> object:
    return neutralise(value) if isinstance(value, str) else value


def _sheet(workbook: Workbook, title: str, table: Table) -> None:
    sheet = workbook.create_sheet(title[:31])
    sheet.append([_cell(h) for h in table.headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_cell(v) if v != "" else None for v in row])
    sheet.column_dimensions["A"].width = 40


def render(document: Document) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = document.word("summary")[:31]
    summary.append([document.issuer or document.issuer_parent])
    summary.append([document.subtitle])
    summary.append([])
    summary.append([document.word("section"), document.word("figure"), document.word("total")])
    for table in document.tables:
        if table.key == "models":
            continue
        for row in table.rows:
            summary.append([_cell(table.title), _cell(row[0]), row[1] if len(row) > 1 else None])
    summary.column_dimensions["A"].width = 32
    summary.column_dimensions["B"].width = 40
    used: set[str] = {summary.title}
    for table in document.tables:
        title = table.title[:31]
        if title in used:
            title = f"{table.title[:27]} ({len(used)})"
        used.add(title)
        _sheet(workbook, title, table)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
