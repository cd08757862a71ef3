"""Silences: someone, for a stated reason, holds back matching notifications until an end time."""

from __future__ import annotations

from datetime import datetime

from fazhi.aggregate import Aggregate
from fazhi.errors import InvalidInput, RuleViolation
from fazhi.events import DomainEvent
from services.reporting.alerts import contract as c


class Silence(Aggregate):
    """A silence. It never holds back a critical alert unless it names that alert's rule."""

    stream_type = "silence"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.created: c.SilenceCreated | None = None
        self.ends_at: datetime | None = None
        self.ended_by: str | None = None

    def create(self, *, author: str, reason: str, matchers: c.SilenceMatchers, starts_at: datetime,
               ends_at: datetime, now: datetime) -> list[DomainEvent]:
        if ends_at <= max(starts_at, now):
            raise InvalidInput("a silence ends after it starts and in the future", field="ends_at")
        return [c.SilenceCreated(silence_id=self.id, author=author, reason=reason, matchers=matchers,
                                 starts_at=starts_at, ends_at=ends_at)]

    def extend(self, *, by: str, ends_at: datetime, now: datetime) -> list[DomainEvent]:
        """Move the end time (earlier or later, but not into the past)."""
        self._require_running(now, "change its end")
        if ends_at <= now:
            raise InvalidInput("the new end time is in the past; end the silence instead", field="ends_at")
        return [c.SilenceExtended(silence_id=self.id, by=by, ends_at=ends_at)]

    def end(self, *, by: str, now: datetime) -> list[DomainEvent]:
        """End it now; held notifications of still-open alerts go out at the timer's next look."""
        self._require_running(now, "end it")
        return [c.SilenceEnded(silence_id=self.id, by=by, ended_at=now)]

    def active(self, now: datetime) -> bool:
        return self.created is not None and self.ended_by is None and self.created.starts_at <= now < self.ends_at

    def matches(self, *, township: str, rule: c.Rule, level: c.Level, severity: c.Severity, now: datetime) -> bool:
        """Does it hold back this notification now?"""
        if not self.active(now):
            return False
        m = self.created.matchers  # type: ignore[union-attr]
        if severity is c.Severity.CRITICAL and m.rule is not rule:
            return False  # a blanket silence must not swallow a major dispute
        return (m.township in (None, township)) and (m.rule in (None, rule)) and (m.level in (None, level))

    def _require_running(self, now: datetime, doing: str) -> None:
        if self.ended_by is not None or (self.ends_at is not None and self.ends_at <= now):
            raise RuleViolation(f"the silence is over; you cannot {doing}", field="status")

    def apply(self, event: DomainEvent) -> None:
        match event:
            case c.SilenceCreated():
                self.created, self.ends_at = event, event.ends_at
            case c.SilenceExtended():
                self.ends_at = event.ends_at
            case c.SilenceEnded():
                self.ended_by, self.ends_at = event.by, event.ended_at
