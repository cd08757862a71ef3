"""The alert aggregate: raised → acknowledged → resolved, climbing levels while nobody acknowledges it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fazhi.aggregate import Aggregate
from fazhi.errors import RuleViolation
from fazhi.events import DomainEvent
from services.reporting.alerts import contract as c
from services.reporting.alerts.contract import AlertStatus as S
from services.reporting.alerts.domain.policy import NEXT_LEVEL, SEVERITY, Notifying


@dataclass(frozen=True)
class Suppression:
    """A silence or an inhibiting alert that holds a notification back; `by` is its id."""

    hold: c.Hold
    by: str


@dataclass(frozen=True)
class Raise:
    """What a rule asks for: one alert per `key` (rule + subject), whatever fires it again."""

    key: str
    rule: c.Rule
    level: c.Level
    village: str | None
    subject: c.CaseRef
    title: str
    details: dict[str, Any]
    cause: c.Cause | None = None

    @property
    def severity(self) -> c.Severity:
        return SEVERITY[self.rule]


class Alert(Aggregate):
    """One alert; every command returns the events it causes and says in each whether it notifies."""

    stream_type = "alert"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.raised: c.AlertRaised | None = None
        self.status = S.OPEN
        self.level = c.Level.TOWNSHIP
        self.held: c.Hold | None = None
        self.held_by: str | None = None
        self.notified = False
        self.ack_due_at: datetime | None = None
        self.repeats = 0
        self.history: list[DomainEvent] = []

    @property
    def rule(self) -> c.Rule:
        assert self.raised is not None
        return self.raised.rule

    @property
    def severity(self) -> c.Severity:
        return SEVERITY[self.rule]

    @property
    def shown_status(self) -> S:
        """The status lists show: an open alert held by a silence or an inhibiting alert says so."""
        if self.status is S.OPEN and self.held is c.Hold.INHIBITED:
            return S.INHIBITED
        if self.status is S.OPEN and self.held is c.Hold.SILENCED:
            return S.SILENCED
        return self.status

    def raise_(self, spec: Raise, *, now: datetime, notifying: Notifying,
               suppression: Suppression | None) -> list[DomainEvent]:
        """Raise the alert; raising it again (a redelivery, a rule firing twice) changes nothing."""
        if self.exists:
            return []
        hold = _hold(spec.severity, now, notifying, suppression)
        return [c.AlertRaised(
            alert_id=self.id, key=spec.key, rule=spec.rule, severity=spec.severity, level=spec.level,
            village=spec.village, subject=spec.subject, title=spec.title, details=spec.details, cause=spec.cause,
            raised_at=now, notify=hold is None, held=hold.hold if hold else None, held_by=hold.by if hold else None,
            ack_due_at=notifying.ack_due(spec.level, now) if hold is None else None,
        )]

    def acknowledge(self, *, by: str, comment: str | None, now: datetime) -> list[DomainEvent]:
        """Someone takes it: it stops climbing."""
        if self.status is S.RESOLVED:
            raise RuleViolation("the alert is resolved; there is nothing to acknowledge", field="status")
        if self.status is S.ACKNOWLEDGED:
            raise RuleViolation("the alert is already acknowledged", field="status")
        return [c.AlertAcknowledged(alert_id=self.id, by=by, comment=comment, acknowledged_at=now,
                                    notify=self.notified)]

    def level_at(self, now: datetime) -> c.Level:
        """The level the alert is at, or climbs to, at `now` (what a silence is matched against)."""
        if self.status is not S.OPEN or self.held is not None or self.ack_due_at is None or now < self.ack_due_at:
            return self.level
        return NEXT_LEVEL.get(self.level, c.Level.COUNTY)

    def escalate(self, *, now: datetime, notifying: Notifying, suppression: Suppression | None) -> list[DomainEvent]:
        """Climb one level (or repeat at the county) when the level's time passed unacknowledged; else nothing."""
        if self.status is not S.OPEN or self.held is not None or self.ack_due_at is None or now < self.ack_due_at:
            return []
        to = self.level_at(now)
        repeat = self.repeats + 1 if self.level is c.Level.COUNTY else 0
        if repeat > notifying.county_repeats:
            return []
        hold = _hold(self.severity, now, notifying, suppression)
        return [c.AlertEscalated(
            alert_id=self.id, from_level=self.level, to_level=to, repeat=repeat, escalated_at=now,
            notify=hold is None, held=hold.hold if hold else None, held_by=hold.by if hold else None,
            ack_due_at=notifying.ack_due(to, now) if hold is None else None,
        )]

    def release(self, *, now: datetime, notifying: Notifying, suppression: Suppression | None) -> list[DomainEvent]:
        """Send a held notification once nothing holds it any more (only while nobody has acknowledged it)."""
        if self.status is not S.OPEN or self.held is None:
            return []
        if _hold(self.severity, now, notifying, suppression) is not None:
            return []
        return [c.AlertReleased(alert_id=self.id, level=self.level, released_at=now,
                                ack_due_at=notifying.ack_due(self.level, now))]

    def resolve(self, *, by: str, reason: str, automatic: bool, now: datetime) -> list[DomainEvent]:
        """Close it; by hand it must not be closed already, automatically a second time is a no-op."""
        if self.status is S.RESOLVED:
            if automatic:
                return []
            raise RuleViolation("the alert is already resolved", field="status")
        return [c.AlertResolved(alert_id=self.id, by=by, reason=reason, automatic=automatic, resolved_at=now,
                                notify=self.notified)]

    def apply(self, event: DomainEvent) -> None:
        self.history.append(event)
        match event:
            case c.AlertRaised():
                self.raised, self.level = event, event.level
                self._sent(event.notify, event.held, event.held_by, event.ack_due_at)
            case c.AlertAcknowledged():
                self.status = S.ACKNOWLEDGED
            case c.AlertEscalated():
                self.level, self.repeats = event.to_level, event.repeat
                self._sent(event.notify, event.held, event.held_by, event.ack_due_at)
            case c.AlertReleased():
                self._sent(True, None, None, event.ack_due_at)
            case c.AlertResolved():
                self.status = S.RESOLVED

    def _sent(self, notify: bool, held: c.Hold | None, held_by: str | None, ack_due_at: datetime | None) -> None:
        self.notified = self.notified or notify
        self.held, self.held_by, self.ack_due_at = held, held_by, ack_due_at


def _hold(severity: c.Severity, now: datetime, notifying: Notifying,
          suppression: Suppression | None) -> Suppression | None:
    if suppression is not None:
        return suppression
    if notifying.holds_back(severity, now):
        return Suppression(c.Hold.QUIET_HOURS, "quiet_hours")
    return None
