"""Reception days (接访日): a leader's scheduled reception, or a joint "两代表一委员" reception."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from fazhi.aggregate import Aggregate
from fazhi.errors import InvalidInput, RuleViolation
from fazhi.events import DomainEvent
from services.petition import contract as c
from services.petition.contract import ReceptionStatus as S


class ReceptionDay(Aggregate):
    """One reception: scheduled, held (visitors and the cases opened there recorded), closed or cancelled."""

    stream_type = "reception_day"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.status = S.SCHEDULED
        self.scheduled: c.ReceptionScheduled | None = None
        self.held_on: date | None = None
        self.visitors = 0
        self.case_ids: list[str] = []
        self.summary: str | None = None
        self.closed_on: date | None = None
        self.cancelled: c.ReceptionCancelled | None = None

    @property
    def day(self) -> date:
        assert self.scheduled is not None, "a reception day exists only once scheduled"
        return self.scheduled.day

    @property
    def is_open(self) -> bool:
        return self.status in (S.SCHEDULED, S.HELD)

    def schedule(self, *, kind: c.ReceptionKind, day: date, place: str, leader: str | None,
                 participants: Sequence[c.Participant], today: date) -> list[DomainEvent]:
        """Schedule a reception: a leader's needs the leader, a joint one its deputies and members."""
        if self.exists:
            raise RuleViolation(f"reception day {self.id} is already scheduled", field="id")
        if kind is c.ReceptionKind.LEADER and not leader:
            raise InvalidInput("a leader's reception day names the leader who receives", field="leader")
        if kind is c.ReceptionKind.JOINT and not participants:
            raise InvalidInput("a joint reception names the deputies and members who sit", field="participants")
        return [c.ReceptionScheduled(reception_day_id=self.id, kind=kind, day=day, place=place, leader=leader,
                                     participants=list(participants), scheduled_on=today)]

    def hold(self, *, today: date) -> list[DomainEvent]:
        """Record that the reception took place, on its day or after."""
        self._require(S.SCHEDULED, "hold the reception")
        if today < self.day:
            raise RuleViolation(f"the reception is scheduled for {self.day}; it cannot be held before", field="day")
        return [c.ReceptionHeld(reception_day_id=self.id, held_on=today)]

    def record_visitors(self, *, visitors: int, case_ids: Sequence[str], today: date) -> list[DomainEvent]:
        """Add the people received and link the cases opened at the reception."""
        self._require(S.HELD, "record visitors (hold the reception first)")
        if visitors < 0:
            raise InvalidInput("visitors cannot be negative", field="visitors")
        new_cases = [case for case in dict.fromkeys(case_ids) if case not in self.case_ids]
        if visitors == 0 and not new_cases:
            return []
        return [c.VisitorsRecorded(reception_day_id=self.id, visitors=visitors, case_ids=new_cases, recorded_on=today)]

    def close(self, *, summary: str, today: date) -> list[DomainEvent]:
        """Close a held reception with its summary and totals."""
        self._require(S.HELD, "close the reception")
        return [c.ReceptionClosed(reception_day_id=self.id, summary=summary, closed_on=today, visitors=self.visitors,
                                  case_ids=list(self.case_ids))]

    def cancel(self, *, reason: str, today: date) -> list[DomainEvent]:
        """Cancel a reception that has not been held."""
        self._require(S.SCHEDULED, "cancel the reception")
        return [c.ReceptionCancelled(reception_day_id=self.id, reason=reason, cancelled_on=today)]

    def _require(self, status: S, action: str) -> None:
        if self.status is not status:
            raise RuleViolation(f"cannot {action}: the reception is {self.status.value}", field="status")

    def apply(self, event: DomainEvent) -> None:
        fold: dict[type[DomainEvent], Any] = {
            c.ReceptionScheduled: self._scheduled, c.ReceptionHeld: self._held,
            c.VisitorsRecorded: self._visitors, c.ReceptionClosed: self._closed,
            c.ReceptionCancelled: self._cancelled,
        }
        fold[type(event)](event)

    def _scheduled(self, e: c.ReceptionScheduled) -> None:
        self.scheduled = e

    def _held(self, e: c.ReceptionHeld) -> None:
        self.status, self.held_on = S.HELD, e.held_on

    def _visitors(self, e: c.VisitorsRecorded) -> None:
        self.visitors += e.visitors
        self.case_ids.extend(e.case_ids)

    def _closed(self, e: c.ReceptionClosed) -> None:
        self.status, self.summary, self.closed_on = S.CLOSED, e.summary, e.closed_on

    def _cancelled(self, e: c.ReceptionCancelled) -> None:
        self.status, self.cancelled = S.CANCELLED, e
