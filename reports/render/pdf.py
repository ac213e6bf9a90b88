"""PDF (WeasyPrint) from an HTML template in the layout of Decree 30/2020/NĐ-CP: A4, margins
top/bottom 20 mm, left 30 mm, right 15 mm, Liberation Serif (metric-compatible with Times New
Roman), page numbers at the top centre from page 2; charts as embedded PNG."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string

from reports.render import charts
from reports.render.document import Document
from wardsec.pdf import html_to_pdf


def render(document: Document) -> bytes:
    images = [
        (chart.title, base64.b64encode(charts.png(chart)).decode()) for chart in document.charts
    ]
    html = render_to_string("reports/pdf/report.html", {"doc": document, "images": images})
    return html_to_pdf(html)
