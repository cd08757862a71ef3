"""The duty roster (值班表): shifts of a township or the county, each naming who is on duty and how to reach them."""

from __future__ import annotations

from datetime import datetime, timedelta

from fazhi.aggregate import Aggregate
from fazhi.errors import InvalidInput, RuleViolation
from fazhi.events import DomainEvent
from services.reporting.alerts import contract as c

LONGEST_SHIFT = timedelta(days=31)


class DutyShift(Aggregate):
    """One shift: scheduled → (cancelled). Duty receivers it names get notifications while it runs."""

    stream_type = "alert_duty_shift"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.scheduled: c.DutyShiftScheduled | None = None
        self.cancelled: c.DutyShiftCancelled | None = None

    def schedule(self, *, scope: str | None, person: str, role: str, starts_at: datetime, ends_at: datetime,
                 receivers: list[str], by: str) -> list[DomainEvent]:
        if ends_at <= starts_at:
            raise InvalidInput("值班结束时间须晚于开始时间", field="ends_at")
        if ends_at - starts_at > LONGEST_SHIFT:
            raise InvalidInput("一个班次最长 31 天", field="ends_at")
        return [c.DutyShiftScheduled(shift_id=self.id, township=scope, person=person, role=role, starts_at=starts_at,
                                     ends_at=ends_at, receivers=list(dict.fromkeys(receivers)), scheduled_by=by)]

    def cancel(self, *, by: str, now: datetime) -> list[DomainEvent]:
        if self.cancelled is not None:
            raise RuleViolation("该班次已取消", field="status")
        return [c.DutyShiftCancelled(shift_id=self.id, by=by, cancelled_at=now)]

    def covers(self, at: datetime) -> bool:
        """On duty at `at`?"""
        s = self.scheduled
        return s is not None and self.cancelled is None and s.starts_at <= at < s.ends_at

    def apply(self, event: DomainEvent) -> None:
        match event:
            case c.DutyShiftScheduled():
                self.scheduled = event
            case c.DutyShiftCancelled():
                self.cancelled = event
