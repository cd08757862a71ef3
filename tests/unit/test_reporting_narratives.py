"""The officials' text in both annual reports: where it goes, its headings, and texts stored by older builds."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from fazhi.county import load_county
from fazhi.events import RecordedEvent
from services.reporting import contract as c
from services.reporting.domain import Narrative
from services.reporting.facts.reader import Facts
from services.reporting.figures.period import Period
from services.reporting.figures.statistics import township_statistics
from services.reporting.figures.work import WorkRecords
from services.reporting.reports.disclosure_report import TO_WRITE, disclosure_report
from services.reporting.reports.document import Paragraph, Table
from services.reporting.reports.render import Format, render_text
from services.reporting.reports.written import merged, paragraphs

COUNTY = load_county()
TABLE = Table("表", [])
ENTERED = {"licences": 1, "penalties": 0, "enforcement": 0, "fees": "0", "source": "台账"}


@pytest.fixture(scope="module")
def stats():
    return township_statistics(COUNTY.township("houtai"), Facts(), WorkRecords(), Period(2026, date(2027, 1, 20)))


def test_a_version_1_text_stored_by_an_older_build_reads_as_the_rule_of_law_reports_placed_after():
    stored = RecordedEvent("e1", "n1", "narrative", 1, "reporting.narrative.edited", 1, "houtai",
                           {"township": "houtai", "year": 2025, "section": 4, "text": "明年安排", "editor": "r"},
                           datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 1, 5, tzinfo=UTC))
    narrative = Narrative.from_history("n1", "houtai", [stored])
    assert (narrative.report, narrative.placement, narrative.text) == (c.Report.RULE_OF_LAW, c.Placement.AFTER, "明年安排")


def test_officials_text_goes_before_after_or_instead_of_the_generated_text_and_tables_stay():
    generated = [Paragraph("生成"), TABLE]
    text = {"text": "（一）补充\n正文。"}
    assert [getattr(b, "text", "表") for b in merged(generated, {**text, "placement": "after"}, [])] == [
        "生成", "表", "（一）补充", "正文。"]
    assert [getattr(b, "text", "表") for b in merged(generated, {**text, "placement": "before"}, [])][:2] == [
        "（一）补充", "正文。"]
    assert [getattr(b, "text", "表") for b in merged(generated, {**text, "placement": "instead"}, [])] == [
        "（一）补充", "正文。", "表"]
    assert merged(generated, None, [Paragraph("【待填写】")])[-1].text == "【待填写】"


def test_numbered_short_lines_are_headings_and_sentences_are_not():
    assert [p.heading for p in paragraphs("一、总体情况\n（二）平台建设\n3. 监督保障\n1. 全年共开展培训3次。\n正文")] == [
        True, True, True, False, False]


def test_the_disclosure_draft_marks_the_parts_to_write_and_the_final_has_none(stats):
    draft = render_text(disclosure_report(stats, ENTERED), Format.MARKDOWN)
    assert TO_WRITE[1] in draft and TO_WRITE[5] in draft
    written = {1: {"text": "本乡明确党政办负责政府信息公开工作。", "placement": "after"}}
    final = disclosure_report(stats, ENTERED, final=True, narratives=written)
    words = render_text(final, Format.MARKDOWN)
    assert "【" not in words and "本乡明确党政办负责政府信息公开工作。" in words


def test_section_five_follows_up_last_years_problems(stats):
    previous = {**stats, "year": 2025,
                "disclosure": {**stats["disclosure"],
                               "applications": {**stats["disclosure"]["applications"], "unanswered_past_due": 2}}}
    five = disclosure_report(stats, ENTERED, previous=previous).sections[4].blocks
    assert five[0].text.startswith("2025年度报告所列问题：有2件申请超过法定期限尚未答复")
    clean = disclosure_report(stats, ENTERED, previous=stats | {"year": 2025}).sections[4].blocks
    assert clean[0].text == "2025年度未发现需要整改的问题。"
