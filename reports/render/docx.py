"""DOCX (python-docx) in the layout of Decree 30/2020/NĐ-CP: A4, margins 20/20/30/15 mm,
Times New Roman 13 pt, issuing body top left and national motto top right, page numbers at the
top centre from page 2 (the first page has its own, empty header)."""

from __future__ import annotations

import io

import docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.render import charts
from reports.render.document import Document

FONT = "Times New Roman"


def _page_number_field(paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(header)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _line(cell_or_doc, text: str, *, bold=False, italic=False, underline=False, center=True):
    paragraph = cell_or_doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    return paragraph


def _heading_block(doc, document: Document) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run(document.issuer_parent)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if document.issuer:
        _line(left, document.issuer, bold=True, underline=True)
    _line(left, f"{document.word('number')}: {document.number}")
    right.paragraphs[0].add_run(document.word("motto")).bold = True
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _line(right, document.word("slogan"), bold=True, underline=True)
    _line(right, document.place_date, italic=True)
    _line(doc, document.title, bold=True)
    _line(doc, document.subtitle, bold=True)


def _tables(doc, document: Document) -> None:
    doc.add_paragraph().add_run(document.word("tables")).bold = True
    for table in document.tables:
        doc.add_paragraph().add_run(table.title).italic = True
        grid = doc.add_table(rows=1, cols=len(table.headers))
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
            cell.text = str(header)
        for row in table.rows:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = str(value)


def _closing(doc, document: Document) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    run = left.paragraphs[0].add_run(f"{document.word('recipients')}:")
    run.bold, run.italic = True, True
    for line in document.recipients:
        left.add_paragraph(line)
    right.paragraphs[0].add_run(document.signer).bold = True
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def render(document: Document) -> bytes:
    doc = docx.Document()
    _setup(doc)
    _heading_block(doc, document)
    for text in document.paragraphs:
        paragraph = doc.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(10)
    _tables(doc, document)
    if document.charts:
        doc.add_paragraph().add_run(document.word("charts")).bold = True
        for chart in document.charts:
            doc.add_picture(io.BytesIO(charts.png(chart)), width=Mm(150))
    _closing(doc, document)
    output = io.BytesIO()
    doc.save(output)
    return output.getvalue()
