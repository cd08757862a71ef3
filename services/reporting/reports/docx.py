"""The report as a Word document in the layout of official documents (GB/T 9704-2012 党政机关公文格式).

A4; top margin 37 mm, left 28 mm; a type area of 156 × 225 mm holding 22 lines of 28 characters;
title in 2号 小标宋, body in 3号 仿宋, level-one headings 黑体, level-two 楷体; page numbers "— 1 —"
in 4号 宋体, right on odd pages and left on even ones; table headers repeated on every page and
columns as wide as their labels; the issuer and the date at the end. The fonts named are the ones
Word and WPS carry on Chinese Windows; the document's font table names a fallback for each.
"""

from __future__ import annotations

import io
import math
from datetime import date

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from services.reporting.reports.document import Paragraph, Report, Table

# The type area and its grid (GB/T 9704-2012 §5.2.1, §5.2.2).
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, LEFT, AREA_WIDTH, AREA_HEIGHT = Mm(37), Mm(28), Mm(156), Mm(225)
LINES, CHARS = 22, 28
BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
TABLE_SIZE = Pt(10.5)  # 五号: template tables have up to fifteen columns
LINE_PITCH = Pt(AREA_HEIGHT.pt / LINES)  # 28.95 pt

TITLE_FONT, BODY_FONT, HEI_FONT, KAI_FONT, SONG_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"
# Where a font is missing, Word and WPS take the alternative named in the font table.
FALLBACKS = {TITLE_FONT: "华文中宋", BODY_FONT: "仿宋", KAI_FONT: "楷体", HEI_FONT: "SimHei", SONG_FONT: "SimSun"}
LATIN = {BODY_FONT: "FangSong", HEI_FONT: "SimHei", KAI_FONT: "KaiTi", TITLE_FONT: "FangSong", SONG_FONT: "SimSun"}


def _set_fonts(element, east_asian: str) -> None:
    """Word takes CJK glyphs from w:eastAsia; theme fonts would override the names, so they go."""
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN[east_asian])
    fonts.set(qn("w:hAnsi"), LATIN[east_asian])
    fonts.set(qn("w:eastAsia"), east_asian)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _style(doc: WordDocument, name: str, font: str, size: Pt, *, indent: bool = True,
           align: WD_ALIGN_PARAGRAPH | None = None) -> BaseStyle:
    style = doc.styles[name]
    _set_fonts(style.element, font)
    style.font.size = size
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    p_pr = style.element.get_or_add_pPr()
    for border in p_pr.findall(qn("w:pBdr")):  # the template's Title has a rule under it
        p_pr.remove(border)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
    fmt.first_line_indent = BODY_SIZE * 2 if indent else Pt(0)  # two characters; 0, not None, which inherits
    fmt.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    return style


def _off_grid(p_pr) -> None:
    """Text of another size than the body's keeps its own width instead of taking whole grid cells."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    p_pr.insert_element_before(snap, *_AFTER_SNAP)


_AFTER_SNAP = ("w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
               "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
               "w:spacing", "w:ind", "w:contextualSpacing")


def _styles(doc: WordDocument) -> None:
    # Grid cells are measured in the document default size: make it the body's, 3号.
    r_pr = doc.styles.element.find(f'{qn("w:docDefaults")}/{qn("w:rPrDefault")}/{qn("w:rPr")}')
    for name in ("w:sz", "w:szCs"):
        r_pr.find(qn(name)).set(qn("w:val"), str(round(BODY_SIZE.pt * 2)))
    r_pr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    normal = _style(doc, "Normal", BODY_FONT, BODY_SIZE)
    # 28 characters to the 156 mm line: each a little closer than its 16 pt (in twentieths of a point)
    condensed = OxmlElement("w:spacing")
    condensed.set(qn("w:val"), str(math.floor((AREA_WIDTH.pt / CHARS - BODY_SIZE.pt) * 20)))
    normal.element.get_or_add_rPr().append(condensed)
    _off_grid(_style(doc, "Title", TITLE_FONT, TITLE_SIZE, indent=False,
                     align=WD_ALIGN_PARAGRAPH.CENTER).element.get_or_add_pPr())
    _style(doc, "Subtitle", KAI_FONT, BODY_SIZE, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "Heading 1", HEI_FONT, BODY_SIZE)
    _style(doc, "Heading 2", KAI_FONT, BODY_SIZE)
    _set_fonts(doc.styles["Table Grid"].element, BODY_FONT)


def _font_table(doc: WordDocument) -> None:
    part = doc.part.part_related_by(RT.FONT_TABLE)
    fonts = parse_xml(part.blob)
    known = {f.get(qn("w:name")) for f in fonts.findall(qn("w:font"))}
    for name, alternative in FALLBACKS.items():
        if name in known:
            continue
        fonts.append(parse_xml(f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                               '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'))
    from lxml import etree

    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(doc: WordDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.left_margin = TOP, LEFT
    section.right_margin = Mm(PAGE_WIDTH.mm - LEFT.mm - AREA_WIDTH.mm)
    section.bottom_margin = Mm(PAGE_HEIGHT.mm - TOP.mm - AREA_HEIGHT.mm)
    section.footer_distance = Mm(PAGE_HEIGHT.mm - TOP.mm - AREA_HEIGHT.mm - 7 - PAGE_NUMBER_SIZE.mm)  # 7 mm below
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")  # a character grid makes LibreOffice give each 3号 character two cells
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))
    grid.attrib.pop(qn("w:charSpace"), None)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph: WordParagraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """"— 7 —", one character in from the outer edge."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _off_grid(paragraph._p.get_or_add_pPr())
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = PAGE_NUMBER_SIZE
    else:
        fmt.left_indent = PAGE_NUMBER_SIZE

    def run(text: str | None = None, field: str | None = None, char: str | None = None) -> None:
        r = paragraph.add_run(text or "")
        _set_fonts(r._r, SONG_FONT)
        r.font.size = PAGE_NUMBER_SIZE
        if char:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), char)
            r._r.append(mark)
        if field:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = field
            r._r.append(instr)

    run("— ")
    run(char="begin")
    run(field=" PAGE ")
    run(char="separate")
    run("1")
    run(char="end")
    run(" —")


def _width(text: str) -> float:
    """Display width in characters: CJK one, ASCII half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _column_widths(table: Table, cols: int) -> list[int]:
    """EMU per column: each as wide as its widest single-column label (wrapping past 12 characters),
    the whole scaled to the type area."""
    wanted = [2.0] * cols
    for placed in table.placed():
        if placed.cell.colspan == 1:
            wanted[placed.col] = max(wanted[placed.col], min(_width(placed.cell.text), 12.0) + 1)
    total = sum(wanted)
    return [int(AREA_WIDTH * w / total) for w in wanted]


def _repeat_header(word: WordTable, table: Table) -> None:
    """The leading rows of header cells repeat at the top of every page the table runs onto."""
    for row, cells in zip(word.rows, table.rows, strict=False):
        if not cells or not all(cell.header for cell in cells):
            return
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _table(doc: WordDocument, table: Table) -> None:
    caption = doc.add_paragraph(style="Heading 2")
    caption.paragraph_format.first_line_indent = Pt(0)
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.add_run(table.caption)
    rows, cols = table.shape()
    word = doc.add_table(rows=rows, cols=cols)
    word.style = doc.styles["Table Grid"]
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    word.autofit = False
    widths = _column_widths(table, cols)
    for col, width in zip(word.columns, widths, strict=True):
        col.width = width
    for placed in table.placed():
        cell = word.cell(placed.row, placed.col)
        span = placed.cell
        if span.rowspan > 1 or span.colspan > 1:
            cell = cell.merge(word.cell(placed.row + span.rowspan - 1, placed.col + span.colspan - 1))
        cell.width = sum(widths[placed.col:placed.col + span.colspan])
        paragraph = cell.paragraphs[0]
        fmt = paragraph.paragraph_format
        fmt.first_line_indent, fmt.line_spacing_rule = Pt(0), WD_LINE_SPACING.SINGLE
        _off_grid(paragraph._p.get_or_add_pPr())
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if placed.col == 0 else WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(span.text)
        run.font.size = TABLE_SIZE
        if span.header:
            _set_fonts(run._r, HEI_FONT)
    _repeat_header(word, table)
    for note in table.notes:
        doc.add_paragraph(note)


def _paragraph(doc: WordDocument, block: Paragraph) -> None:
    doc.add_paragraph(block.text, style="Heading 2" if block.heading else None)


def title_lines(title: str) -> list[str]:
    """A title too long for one line goes on two, the upper no longer than the lower (a trapezoid)."""
    per_line = AREA_WIDTH.pt // TITLE_SIZE.pt - 1  # digits are wider than half a character in most CJK fonts
    if _width(title) <= per_line:
        return [title]
    half, upper = _width(title) / 2, 0
    while _width(title[:upper + 1]) <= half:
        upper += 1
    return [title[:upper], title[upper:]]


def chinese_date(day: date) -> str:
    """成文日期 in Arabic numerals, no leading zeros (GB/T 9704-2012 §7.3.5.1): 2026年12月2日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _signature(doc: WordDocument, issuer: str, dated: date) -> None:
    """The issuer centred over the date; the date four characters in from the right."""
    when = chinese_date(dated)
    doc.add_paragraph()
    doc.add_paragraph()
    for text, indent in ((issuer, 4 + (_width(when) - _width(issuer)) / 2), (when, 4)):
        paragraph = doc.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.right_indent = Pt(BODY_SIZE.pt * max(indent, 0))


def render_docx(report: Report, dated: date | None = None) -> bytes:
    """The .docx bytes of a report (whatever characters its stored text holds); `dated` prints the issuer
    and that date at the end."""
    report = report.printable()
    doc = new_document()
    _styles(doc)
    _font_table(doc)
    _page(doc)
    title = doc.add_paragraph(style="Title")
    for n, line in enumerate(title_lines(report.title)):
        if n:
            title.add_run().add_break()
        title.add_run(line)
    if report.subtitle:
        doc.add_paragraph(report.subtitle, style="Subtitle")
    doc.add_paragraph()  # a blank line under the title
    for block in report.preamble:
        _paragraph(doc, block)
    for section in report.sections:
        doc.add_paragraph(section.heading, style="Heading 1")
        for item in section.blocks:
            _table(doc, item) if isinstance(item, Table) else _paragraph(doc, item)
    if dated is not None and report.issuer:
        _signature(doc, report.issuer, dated)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
