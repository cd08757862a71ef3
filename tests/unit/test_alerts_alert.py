"""Specification of the alert aggregate: raised → acknowledged → resolved, climbing while unacknowledged."""

from datetime import UTC, datetime, timedelta

import pytest

from fazhi.county import AlertPolicy
from fazhi.errors import RuleViolation
from services.reporting.alerts import contract as c
from services.reporting.alerts.domain import Alert, Notifying, Raise, Suppression

DAY = datetime(2026, 3, 2, 2, tzinfo=UTC)  # 10:00 in the county
NIGHT = datetime(2026, 3, 2, 15, tzinfo=UTC)  # 23:00 in the county
POLICY = Notifying.of(AlertPolicy())  # village 60, township 120, county 240 minutes; quiet 22:00-07:00; 2 repeats
SUBJECT = c.CaseRef(service="mediation", kind="dispute", id="d-1")


def spec(rule: c.Rule = c.Rule.MAJOR_DISPUTE, level: c.Level = c.Level.TOWNSHIP) -> Raise:
    return Raise(key=f"{rule}:d-1", rule=rule, level=level, village="v03", subject=SUBJECT, title="t", details={})


def raised(rule: c.Rule = c.Rule.MAJOR_DISPUTE, level: c.Level = c.Level.TOWNSHIP, at: datetime = DAY,
           suppression: Suppression | None = None) -> Alert:
    alert = Alert("a-1", "houtai")
    return alert.fold(alert.raise_(spec(rule, level), now=at, notifying=POLICY, suppression=suppression))


def test_a_raised_alert_notifies_at_once_and_is_due_for_acknowledgement_within_its_levels_window():
    (event,) = Alert("a-1", "houtai").raise_(spec(), now=DAY, notifying=POLICY, suppression=None)
    assert (event.notify, event.held, event.severity) == (True, None, c.Severity.CRITICAL)
    assert event.ack_due_at == DAY + timedelta(minutes=120)


def test_raising_an_alert_that_exists_changes_nothing():
    assert raised().raise_(spec(), now=DAY, notifying=POLICY, suppression=None) == []


def test_quiet_hours_hold_back_a_warning_but_never_a_critical_alert():
    assert raised(c.Rule.MAJOR_DISPUTE, at=NIGHT).notified
    warning = raised(c.Rule.DUE_SOON, c.Level.VILLAGE, at=NIGHT)
    assert (warning.notified, warning.held, warning.ack_due_at) == (False, c.Hold.QUIET_HOURS, None)


def test_a_held_alert_is_released_when_quiet_hours_end_and_only_then():
    warning = raised(c.Rule.OVERDUE, at=NIGHT)
    assert warning.release(now=NIGHT + timedelta(hours=1), notifying=POLICY, suppression=None) == []
    morning = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # 07:30 in the county
    (event,) = warning.release(now=morning, notifying=POLICY, suppression=None)
    assert (event.notify, event.ack_due_at) == (True, morning + timedelta(minutes=120))


def test_a_silenced_or_inhibited_alert_is_recorded_but_not_sent_until_that_ends():
    inhibited = raised(c.Rule.RISK_FLAG, suppression=Suppression(c.Hold.INHIBITED, "major-1"))
    assert (inhibited.notified, inhibited.held, inhibited.held_by) == (False, c.Hold.INHIBITED, "major-1")
    still = Suppression(c.Hold.SILENCED, "s-1")
    assert inhibited.release(now=DAY, notifying=POLICY, suppression=still) == []
    assert inhibited.release(now=DAY, notifying=POLICY, suppression=None)[0].notify


def test_an_unacknowledged_alert_climbs_village_township_county_then_repeats_at_the_county_per_policy():
    alert = raised(c.Rule.MAJOR_DISPUTE, c.Level.VILLAGE)  # critical: quiet hours do not hold its climbs
    assert alert.escalate(now=DAY + timedelta(minutes=59), notifying=POLICY, suppression=None) == []
    at, seen = DAY, []
    for _ in range(5):
        at += timedelta(minutes=241)
        events = alert.escalate(now=at, notifying=POLICY, suppression=None)
        alert.fold(events)
        seen += [(e.from_level, e.to_level, e.repeat) for e in events]
    assert seen == [("village", "township", 0), ("township", "county", 0), ("county", "county", 1),
                    ("county", "county", 2)]


def test_an_acknowledged_alert_does_not_climb():
    alert = raised()
    alert.fold(alert.acknowledge(by="leader-1", comment="on my way", now=DAY))
    assert alert.status is c.AlertStatus.ACKNOWLEDGED
    assert alert.escalate(now=DAY + timedelta(days=1), notifying=POLICY, suppression=None) == []


def test_an_alert_is_acknowledged_once_and_never_after_it_is_resolved():
    alert = raised()
    alert.fold(alert.acknowledge(by="leader-1", comment=None, now=DAY))
    with pytest.raises(RuleViolation, match="already acknowledged"):
        alert.acknowledge(by="leader-2", comment=None, now=DAY)
    resolved = raised()
    resolved.fold(resolved.resolve(by="leader-1", reason="settled", automatic=False, now=DAY))
    with pytest.raises(RuleViolation, match="resolved"):
        resolved.acknowledge(by="leader-1", comment=None, now=DAY)


def test_resolving_by_hand_twice_is_refused_and_automatically_twice_is_nothing():
    alert = raised()
    (event,) = alert.resolve(by="alerts", reason="agreement reached", automatic=True, now=DAY)
    assert event.notify  # a notified alert sends its resolved notice
    alert.fold([event])
    assert alert.resolve(by="alerts", reason="again", automatic=True, now=DAY) == []
    with pytest.raises(RuleViolation, match="already resolved"):
        alert.resolve(by="leader-1", reason="again", automatic=False, now=DAY)


def test_a_never_notified_alert_is_resolved_without_a_notification():
    held = raised(c.Rule.DUE_SOON, at=NIGHT)
    (event,) = held.resolve(by="alerts", reason="answered", automatic=True, now=NIGHT)
    assert event.notify is False


def test_an_alert_climbing_during_quiet_hours_is_held_and_its_window_starts_when_released():
    alert = raised(c.Rule.OVERDUE, c.Level.VILLAGE, at=datetime(2026, 3, 2, 13, tzinfo=UTC))  # 21:00
    (event,) = alert.escalate(now=NIGHT, notifying=POLICY, suppression=None)
    assert (event.to_level, event.notify, event.held, event.ack_due_at) == ("township", False, "quiet_hours", None)
