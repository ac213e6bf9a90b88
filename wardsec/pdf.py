"""PDF from HTML for any app (a report, a mediation record book), through WeasyPrint.

Import WeasyPrint only from here. On import it switches Pillow's process-wide
`ImageFile.LOAD_TRUNCATED_IMAGES` on, which would make `wardsec.photos` accept a truncated
upload in every process that has once built a PDF (a web worker that served a record book, a
Celery worker). The switch is put back at once: the documents WardSec builds embed only images
it drew itself, so they never need truncated images loaded.
"""

from __future__ import annotations

import logging

from PIL import ImageFile

_strict = ImageFile.LOAD_TRUNCATED_IMAGES
from weasyprint import HTML  # noqa: E402 (the flag is read before WeasyPrint changes it)

ImageFile.LOAD_TRUNCATED_IMAGES = _strict

# WeasyPrint logs each layout step at INFO: a worker's log would be mostly that.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The PDF of an HTML document (its CSS inline; `base_url` resolves relative links)."""
    return HTML(string=html, base_url=base_url).write_pdf()
