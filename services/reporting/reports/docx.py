"""The report as a Word document (python-docx): Chinese text in 宋体 and real Word tables with merged cells."""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from services.reporting.reports.document import Paragraph, Report, Table

EAST_ASIAN_FONT = "宋体"
LATIN_FONT = "SimSun"
STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid")


def _fonts(doc: WordDocument) -> None:
    # Word picks CJK glyphs from w:eastAsia; without it Chinese falls back to the theme's font.
    for name in STYLES:
        style = doc.styles[name]
        style.font.name = LATIN_FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
    doc.styles["Normal"].font.size = Pt(12)


def _table(doc: WordDocument, table: Table) -> None:
    caption = doc.add_paragraph()
    caption.add_run(table.caption).bold = True
    rows, cols = table.shape()
    word = doc.add_table(rows=rows, cols=cols)
    word.style = doc.styles["Table Grid"]
    for placed in table.placed():
        cell = word.cell(placed.row, placed.col)
        if placed.cell.rowspan > 1 or placed.cell.colspan > 1:
            cell = cell.merge(word.cell(placed.row + placed.cell.rowspan - 1, placed.col + placed.cell.colspan - 1))
        run = cell.paragraphs[0].add_run(placed.cell.text)
        run.bold = placed.cell.header
        run.font.size = Pt(9)
    for note in table.notes:
        doc.add_paragraph(note)


def _paragraph(doc: WordDocument, block: Paragraph) -> None:
    if block.heading:
        doc.add_heading(block.text, level=3)
        return
    paragraph = doc.add_paragraph(block.text)
    paragraph.paragraph_format.first_line_indent = Pt(24)  # two characters, as official documents indent


def render_docx(report: Report) -> bytes:
    """The .docx bytes of a report (whatever characters its stored text holds)."""
    report = report.printable()
    doc = new_document()
    _fonts(doc)
    doc.add_heading(report.title, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.subtitle:
        doc.add_paragraph(report.subtitle).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in report.preamble:
        _paragraph(doc, block)
    for section in report.sections:
        doc.add_heading(section.heading, level=1)
        for item in section.blocks:
            _table(doc, item) if isinstance(item, Table) else _paragraph(doc, item)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
