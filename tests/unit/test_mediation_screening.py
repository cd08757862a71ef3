"""Monthly screening rounds (排查): disputes found or an explicit zero-report, once a month (no I/O)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.errors import InvalidInput, RuleViolation
from services.mediation.domain import ScreeningRound

TODAY = date(2026, 3, 15)


def report(**changes: object) -> list:
    fields = dict(village="v01", month="2026-03", dispute_ids=[], zero_report=True, today=TODAY)
    return ScreeningRound("r1", "houtai").report(**{**fields, **changes})


def test_a_zero_report_says_so_explicitly():
    (event,) = report()
    assert (event.village, event.month, event.zero_report, event.dispute_ids) == ("v01", "2026-03", True, [])


def test_a_report_lists_the_disputes_found():
    (event,) = report(dispute_ids=["d1", "d2"], zero_report=False)
    assert event.dispute_ids == ["d1", "d2"]


def test_a_report_with_neither_disputes_nor_a_zero_report_is_refused():
    with pytest.raises(InvalidInput) as refused:
        report(zero_report=False)
    assert refused.value.field == "zero_report"


def test_a_zero_report_that_lists_disputes_is_refused():
    with pytest.raises(InvalidInput) as refused:
        report(dispute_ids=["d1"])
    assert refused.value.field == "dispute_ids"


def test_a_dispute_listed_twice_is_refused():
    with pytest.raises(InvalidInput, match="twice"):
        report(dispute_ids=["d1", "d1"], zero_report=False)


def test_a_month_that_has_not_begun_cannot_be_reported():
    with pytest.raises(InvalidInput) as refused:
        report(month="2026-04")
    assert refused.value.field == "month"
    assert report(month="2026-02")


def test_a_village_reports_a_month_once():
    r = ScreeningRound("r1", "houtai")
    r.fold(report())
    with pytest.raises(RuleViolation, match="already reported"):
        r.report(village="v01", month="2026-03", dispute_ids=["d9"], zero_report=False, today=TODAY)
