"""The .docx reports follow GB/T 9704-2012: A4, the type area, the fonts, page numbers, repeated headers."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from fazhi.county import load_county
from services.reporting.facts.reader import Facts
from services.reporting.figures.period import Period
from services.reporting.figures.statistics import county_statistics, township_statistics
from services.reporting.figures.work import WorkRecords
from services.reporting.reports.disclosure_report import disclosure_report
from services.reporting.reports.docx import chinese_date, render_docx, title_lines
from services.reporting.reports.rule_of_law import rule_of_law_report

COUNTY = load_county()
PERIOD = Period(2026, date(2027, 1, 20))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def document():
    stats = township_statistics(COUNTY.township("houtai"), Facts(), WorkRecords(), PERIOD)
    return docx.Document(io.BytesIO(render_docx(disclosure_report(stats), date(2027, 1, 20))))


def east_asian(style) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def close(length, mm: float) -> bool:
    return abs(length - Mm(mm)) <= Mm(0.1)


def test_the_page_is_a4_with_the_official_type_area(document):
    section = document.sections[0]
    assert close(section.page_width, 210) and close(section.page_height, 297)
    assert close(section.top_margin, 37) and close(section.left_margin, 28)
    assert close(section.page_width - section.left_margin - section.right_margin, 156)
    assert close(section.page_height - section.top_margin - section.bottom_margin, 225)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    condensed = int(document.styles["Normal"].element.rPr.find(qn("w:spacing")).get(qn("w:val")))
    assert 28 * (16 + condensed / 20) <= Mm(156).pt < 29 * (16 + condensed / 20)  # 28 characters a line
    assert int(grid.get(qn("w:linePitch"))) == round(Mm(225).pt / 22 * 20)  # 22 lines, in twentieths of a point


def test_title_body_and_headings_take_the_official_fonts_and_sizes(document):
    styles = document.styles
    assert (east_asian(styles["Title"]), styles["Title"].font.size.pt) == ("方正小标宋简体", 22)
    assert (east_asian(styles["Normal"]), styles["Normal"].font.size.pt) == ("仿宋_GB2312", 16)
    assert (east_asian(styles["Heading 1"]), styles["Heading 1"].font.size.pt) == ("黑体", 16)
    assert (east_asian(styles["Heading 2"]), styles["Heading 2"].font.size.pt) == ("楷体_GB2312", 16)
    for name in ("Title", "Heading 1", "Heading 2"):
        assert styles[name].font.bold is False and str(styles[name].font.color.rgb) == "000000"  # no blue headings
    assert document.paragraphs[0].style.name == "Title"


def test_a_long_title_goes_on_two_lines_the_upper_no_longer():
    assert title_lines("后台乡工作报告") == ["后台乡工作报告"]
    title = "后台乡2026年度法治政府建设工作报告（草稿）"
    upper, lower = title_lines(title)
    width = lambda text: sum(0.5 if ch.isascii() else 1 for ch in text)  # noqa: E731
    assert upper + lower == title and width(upper) <= width(lower)


def test_the_font_table_names_a_fallback_for_every_official_font(document):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    fonts = parse_xml(document.part.part_related_by(RT.FONT_TABLE).blob)
    alternatives = {f.get(qn("w:name")): f.find(qn("w:altName")) for f in fonts.findall(qn("w:font"))}
    for name, fallback in {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "华文中宋"}.items():
        assert alternatives[name].get(qn("w:val")) == fallback


def test_pages_are_numbered_with_dashes_right_on_odd_pages_and_left_on_even_ones(document):
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        assert paragraph.text == "— 1 —"
        assert paragraph._p.pPr.jc.get(qn("w:val")) == align
        assert [i.text for i in paragraph._p.iter(qn("w:instrText"))] == [" PAGE "]


def test_table_headers_repeat_and_columns_fit_their_labels(document):
    three = document.tables[1]
    def repeats(row) -> bool:
        return row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None

    assert repeats(three.rows[0]) and not repeats(three.rows[-1])
    widths = [int(c.get(qn("w:w"))) for c in three._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[0] > 2 * min(widths)  # the label column is wider than the figures
    assert abs(sum(widths) * 635 - Mm(156)) <= Mm(1)  # the table fills the type area (twips → EMU)


def test_a_township_report_ends_with_its_government_and_the_date_in_chinese(document):
    tail = [p.text for p in document.paragraphs if p.text][-2:]
    assert tail == ["后台乡人民政府", "2027年1月20日"]
    assert chinese_date(date(2026, 3, 5)) == "2026年3月5日"


def test_the_county_roll_up_is_not_signed_as_a_township(document):
    stats = county_statistics(COUNTY, Facts(), WorkRecords(), PERIOD)
    rolled = docx.Document(io.BytesIO(render_docx(rule_of_law_report(stats, None), date(2027, 1, 20))))
    assert "人民政府" not in [p.text for p in rolled.paragraphs if p.text][-1]
