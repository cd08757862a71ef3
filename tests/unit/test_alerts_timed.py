"""Specification of the rules that fire as days pass, of silences, webhooks' filters, quiet hours and signatures."""

from datetime import UTC, date, datetime, timedelta

import pytest

from fazhi.county import AlertPolicy, Rules
from fazhi.errors import InvalidInput, RuleViolation
from services.reporting.alerts import contract as c
from services.reporting.alerts.domain import Notifying, Silence, Webhook
from services.reporting.alerts.domain.timed import (
    deadline_alerts, missing_screening, petitions_in_window, screening_month, stale_reason,
)
from services.reporting.alerts.domain.watch import CaseWatch

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 2, tzinfo=UTC)
RULES = Rules()  # due soon: 3 days; repeats: 3 in 90 days; screening reports by the 25th


def watch(**fields) -> CaseWatch:
    base = dict(service="mediation", kind="dispute", case_id="d-1", township="houtai", version=2,
                due_on=date(2026, 3, 30), what="conclude", village="v03", level="village")
    return CaseWatch(**{**base, **fields})


def fired(w: CaseWatch, today: date = TODAY) -> list[tuple[str, str]]:
    return [(a.key, a.level) for a in deadline_alerts(w, today, RULES)]


def test_a_case_due_within_the_county_days_warns_and_a_case_past_due_alerts_each_keyed_by_its_due_date():
    assert fired(watch(due_on=date(2026, 3, 13))) == [("due_soon:d-1:2026-03-13", "village")]
    assert fired(watch(due_on=date(2026, 3, 9))) == [("overdue:d-1:2026-03-09", "village")]
    assert fired(watch(due_on=date(2026, 3, 14))) == []
    assert fired(watch(due_on=TODAY)) == [("due_soon:d-1:2026-03-10", "village")]  # the last day is still in time


def test_a_case_paused_or_concluded_fires_nothing():
    assert fired(watch(due_on=None)) == []
    assert fired(watch(open=False, due_on=date(2026, 3, 1))) == []


def test_a_dispute_not_concluded_in_the_village_in_time_alerts_the_township():
    assert fired(watch(village_due_on=date(2026, 3, 9))) == [("village_overdue:d-1", "township")]
    assert fired(watch(village_due_on=TODAY)) == []


def test_a_township_case_alerts_the_township():
    assert fired(watch(kind="request", service="disclosure", village=None, level=None, due_on=date(2026, 3, 11))) == [
        ("due_soon:d-1:2026-03-11", "township")]


@pytest.mark.parametrize(("changed", "rule", "reason"), [
    (dict(open=False), c.Rule.OVERDUE, "the dispute was concluded"),
    (dict(due_on=None), c.Rule.DUE_SOON, "the deadline is paused"),
    (dict(due_on=date(2026, 4, 9)), c.Rule.OVERDUE, "the deadline moved to 2026-04-09"),
    (dict(due_on=date(2026, 3, 9)), c.Rule.DUE_SOON, "now overdue"),
    (dict(village_due_on=None), c.Rule.VILLAGE_OVERDUE, "the dispute left the village committee"),
])
def test_a_deadline_alert_the_case_moved_past_is_stale_and_says_why(changed, rule, reason):
    assert stale_reason(watch(**{"due_on": date(2026, 3, 9), **changed}), rule, {"due_on": "2026-03-09"},
                        TODAY) == reason


def test_a_deadline_alert_that_still_holds_is_not_stale_and_other_rules_are_never_stale_by_deadline():
    w = watch(due_on=date(2026, 3, 9), village_due_on=date(2026, 3, 1))
    assert stale_reason(w, c.Rule.OVERDUE, {"due_on": "2026-03-09"}, TODAY) is None
    assert stale_reason(w, c.Rule.VILLAGE_OVERDUE, {}, TODAY) is None
    assert stale_reason(w, c.Rule.MAJOR_DISPUTE, {}, TODAY) is None


def test_repeat_petitions_are_counted_in_the_window_that_ends_on_the_newest():
    cases = {"p-1": date(2025, 12, 11), "p-2": date(2026, 2, 1), "p-3": TODAY}
    assert petitions_in_window(cases, TODAY, RULES) == 3  # 89 days back: inside 90
    assert petitions_in_window({**cases, "p-1": date(2025, 12, 9)}, TODAY, RULES) == 2


def test_screenings_are_missing_only_after_the_report_day_of_the_month():
    assert screening_month(date(2026, 3, 25), RULES) is None
    assert screening_month(date(2026, 3, 26), RULES) == "2026-03"
    assert screening_month(date(2026, 3, 26), Rules(screening_report_day=None)) is None
    alert = missing_screening("houtai", "v07", "2026-03")
    assert (alert.key, alert.level, alert.subject.id) == ("missing_screening:v07:2026-03", "village", "houtai:v07")


def test_quiet_hours_span_midnight_in_county_time():
    policy = Notifying.of(AlertPolicy(quiet_hours="22:00-07:00"))
    at = lambda h, m=0: datetime(2026, 3, 10, h, m, tzinfo=UTC) - timedelta(hours=8)  # noqa: E731 (county time)
    assert [policy.is_quiet(at(h)) for h in (21, 22, 23, 3, 6)] == [False, True, True, True, True]
    assert policy.is_quiet(at(7)) is False
    assert Notifying.of(AlertPolicy(quiet_hours=None)).is_quiet(at(23)) is False


def silence(**matchers) -> Silence:
    s = Silence("s-1", "houtai")
    m = c.SilenceMatchers(**{"township": "houtai", "rule": None, "level": None, **matchers})
    return s.fold(s.create(author="leader-1", reason="drill", matchers=m, starts_at=NOW,
                           ends_at=NOW + timedelta(hours=2), now=NOW))


def test_a_silence_matches_its_township_rule_and_level_while_it_runs():
    s = silence(rule=c.Rule.OVERDUE)
    kwargs = dict(township="houtai", level=c.Level.VILLAGE, severity=c.Severity.ALERT)
    assert s.matches(rule=c.Rule.OVERDUE, now=NOW, **kwargs)
    assert not s.matches(rule=c.Rule.DUE_SOON, now=NOW, **kwargs)
    assert not s.matches(rule=c.Rule.OVERDUE, now=NOW + timedelta(hours=2), **kwargs)
    assert not s.matches(rule=c.Rule.OVERDUE, now=NOW, **{**kwargs, "township": "zhoutang"})


def test_a_blanket_silence_never_swallows_a_critical_alert_but_one_naming_its_rule_does():
    kwargs = dict(township="houtai", rule=c.Rule.MAJOR_DISPUTE, level=c.Level.TOWNSHIP,
                  severity=c.Severity.CRITICAL, now=NOW)
    assert not silence().matches(**kwargs)
    assert silence(rule=c.Rule.MAJOR_DISPUTE).matches(**kwargs)


def test_a_silence_ends_in_the_future_and_an_ended_one_cannot_be_changed():
    with pytest.raises(InvalidInput, match="ends after"):
        Silence("s-2", "houtai").create(author="a", reason="r", matchers=c.SilenceMatchers(township=None, rule=None,
                                        level=None), starts_at=NOW, ends_at=NOW, now=NOW)
    s = silence()
    s.fold(s.end(by="leader-1", now=NOW + timedelta(minutes=5)))
    assert not s.active(NOW + timedelta(minutes=6))
    with pytest.raises(RuleViolation, match="over"):
        s.extend(by="leader-1", ends_at=NOW + timedelta(hours=5), now=NOW + timedelta(minutes=6))


def test_a_webhook_wants_its_scope_rules_and_levels_and_nothing_once_removed():
    w = Webhook("w-1", "houtai")
    w.fold(w.register(url="http://x", scope="houtai", rules=[c.Rule.MAJOR_DISPUTE], levels=[], by="a", now=NOW))
    assert w.wants(township="houtai", rule=c.Rule.MAJOR_DISPUTE, level=c.Level.COUNTY)
    assert not w.wants(township="zhoutang", rule=c.Rule.MAJOR_DISPUTE, level=c.Level.COUNTY)
    assert not w.wants(township="houtai", rule=c.Rule.OVERDUE, level=c.Level.COUNTY)
    w.fold(w.remove(by="a", now=NOW))
    assert not w.wants(township="houtai", rule=c.Rule.MAJOR_DISPUTE, level=c.Level.COUNTY)
    with pytest.raises(RuleViolation):
        w.remove(by="a", now=NOW)
