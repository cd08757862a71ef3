"""The reports as documents: the template's tables cell by cell, the phrases, the narrative, the formats."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from fazhi.county import load_county
from services.reporting.facts.reader import Facts
from services.reporting.figures.period import Period
from services.reporting.figures.statistics import county_statistics, township_statistics
from services.reporting.figures.work import WorkRecords
from services.reporting.reports.disclosure_report import disclosure_report
from services.reporting.reports.docx import render_docx
from services.reporting.reports.document import Cell, Incomplete, Table
from services.reporting.reports.phrases import rates_text
from services.reporting.reports.render import Format, markdown_table, render_text
from services.reporting.reports.rule_of_law import COUNTY_NOTE, TO_WRITE, rule_of_law_report

COUNTY = load_county()
PERIOD = Period(2026, date(2027, 1, 20))


@pytest.fixture(scope="module")
def stats():
    return township_statistics(COUNTY.township("houtai"), Facts(), WorkRecords(), PERIOD)


def tables(report) -> list[Table]:  # type: ignore[no-untyped-def]
    return [b for s in report.sections for b in s.blocks if isinstance(b, Table)]


def test_merged_cells_take_their_place_in_the_grid_and_later_rows_skip_what_they_cover():
    table = Table("t", [[Cell("a", rowspan=2), Cell("b", colspan=2)], [Cell("c"), Cell("d")]])
    assert table.shape() == (2, 3)
    assert table.grid() == [["a", "b", ""], ["", "c", "d"]]
    assert markdown_table(table) == "| a | b |  |\n| --- | --- | --- |\n|  | c | d |"


def test_the_disclosure_report_has_the_template_s_six_sections_and_three_tables(stats):
    report = disclosure_report(stats)
    assert [s.heading for s in report.sections] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert [(t.caption, t.shape()) for t in tables(report)] == [
        ("二、主动公开政府信息情况", (14, 4)), ("三、收到和处理政府信息公开申请情况", (28, 10)),
        ("四、政府信息公开行政复议、行政诉讼情况", (4, 15))]


def test_table_three_lays_out_the_template_s_columns_and_rows(stats):
    grid = tables(disclosure_report(stats))[1].grid()
    assert grid[0][3] == "申请人情况" and grid[1][3:5] == ["自然人", "法人或其他组织"] and grid[1][9] == "总计"
    assert grid[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    labels = [" ".join(c for c in row[:3] if c) for row in grid[3:]]
    assert labels[:4] == ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
                          "三、本年度办理结果 （一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]
    assert labels[4] == "（三）不予公开 1.属于国家秘密" and labels[12] == "（四）无法提供 1.本机关不掌握相关政府信息"
    assert labels[15] == "（五）不予处理 1.信访举报投诉类申请" and labels[20] == "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert labels[-2:] == ["（七）总计", "四、结转下年度继续办理"]


def test_table_four_splits_lawsuits_filed_directly_from_those_after_review(stats):
    grid = tables(disclosure_report(stats))[2].grid()
    assert grid[0][0] == "行政复议" and grid[0][5] == "行政诉讼"
    assert grid[1][5] == "未经复议直接起诉" and grid[1][10] == "复议后起诉"
    assert grid[2][5:10] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] and grid[3] == ["0"] * 15


def test_table_two_prints_a_dash_where_the_events_hold_no_figure(stats):
    grid = tables(disclosure_report(stats))[0].grid()
    assert grid[3] == ["行政规范性文件", "0", "0", "0"] and grid[6][:2] == ["行政许可", "—"]
    assert grid[13][:2] == ["行政事业性收费", "—"]


def test_equal_rates_read_as_both_reaching_the_figure():
    assert rates_text({"reply_rate": 100.0, "on_time_rate": 100.0}) == "答复率和答复及时率均达100%"
    assert rates_text({"reply_rate": 100.0, "on_time_rate": 92.5}) == "答复率100%，答复及时率92.5%"


def test_the_rule_of_law_draft_has_five_sections_and_merges_the_officials_text(stats):
    report = rule_of_law_report(stats, {3: {"text": "乡党委书记为第一责任人。\n\n带头学法。", "version": 2}})
    assert len(report.sections) == 5
    duties = [b.text for b in report.sections[2].blocks]
    assert duties[1:] == ["乡党委书记为第一责任人。", "带头学法。"]
    assert [b.text for b in report.sections[3].blocks] == [TO_WRITE]
    assert report.to_json()["narratives"]["3"]["version"] == 2


def test_the_county_draft_compares_its_townships():
    stats = county_statistics(COUNTY, Facts(), WorkRecords(), PERIOD)
    report = rule_of_law_report(stats, None)
    assert [row[0] for row in tables(report)[0].grid()[1:]] == ["后台乡", "周堂镇", "城关镇"]
    assert [b.text for b in report.sections[4].blocks] == [COUNTY_NOTE]


def test_html_is_escaped_and_keeps_the_merged_cells(stats):
    report = rule_of_law_report(stats, {1: {"text": "<script>alert(1)</script>", "version": 1}})
    html = render_text(report, Format.HTML)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert 'colspan="3" rowspan="3"' in render_text(disclosure_report(stats), Format.HTML)


def test_the_docx_sets_an_east_asian_font_and_holds_real_tables(stats):
    document = docx.Document(io.BytesIO(render_docx(disclosure_report(stats))))
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"
    assert [(len(t.rows), len(t.columns)) for t in document.tables] == [(14, 4), (28, 10), (4, 15)]
    assert document.tables[2].cell(1, 5).text == document.tables[2].cell(1, 9).text == "未经复议直接起诉"


def test_a_final_report_is_refused_while_a_required_section_is_empty_naming_it(stats):
    with pytest.raises(Incomplete) as refused:
        rule_of_law_report(stats, {1: {"text": "补充。", "version": 1}}, final=True)
    assert refused.value.field == "narratives" and "第四部分（下一年度推进法治政府建设的主要安排）" in refused.value.reason


def test_the_final_report_has_no_marks_no_draft_title_and_no_unchecked_claims(stats):
    report = rule_of_law_report(stats, {4: {"text": "一、完善制度\n健全依法决策机制。", "version": 1}}, final=True)
    words = render_text(report, Format.MARKDOWN)
    assert "【" not in words and "草稿" not in report.title and "需另行核实" not in words
    assert "均按规定及时报告" not in words
    four = report.sections[3].blocks
    assert [(b.text, b.heading) for b in four] == [("一、完善制度", True), ("健全依法决策机制。", False)]
    assert report.sections[4].blocks == []  # nothing written, nothing printed
    draft = rule_of_law_report(stats, {}, final=False)
    assert draft.title.endswith("（草稿）") and TO_WRITE in render_text(draft, Format.MARKDOWN)


def test_the_county_roll_up_is_titled_and_worded_as_a_summary_of_townships():
    stats = county_statistics(COUNTY, Facts(), WorkRecords(), PERIOD)
    report = rule_of_law_report(stats, None, final=True)
    assert report.title == f"{COUNTY.name}各乡镇2026年度法治政府建设工作情况汇总"
    words = render_text(report, Format.MARKDOWN)
    assert "全县范围" not in words and COUNTY_NOTE not in words and "各乡镇" in report.preamble[0].text


ENTERED = {"licences": 12, "penalties": 3, "enforcement": 0, "fees": "1.25", "source": "县审批局台账"}


def test_table_two_prints_what_the_office_entered_and_no_note(stats):
    two = tables(disclosure_report(stats, ENTERED))[0]
    grid = two.grid()
    assert grid[6][:2] == ["行政许可", "12"] and grid[9][:2] == ["行政处罚", "3"] and grid[10][:2] == ["行政强制", "0"]
    assert grid[13][:2] == ["行政事业性收费", "1.25"] and two.notes == []


def test_a_final_disclosure_report_needs_table_two_entered(stats):
    with pytest.raises(Incomplete) as refused:
        disclosure_report(stats, None, final=True)
    assert refused.value.field == "table_two" and "行政许可" in refused.value.reason
    assert "—" not in render_text(disclosure_report(stats, ENTERED, final=True), Format.MARKDOWN)
