"""Deputies' suggestions (人大代表建议) and members' proposals (政协委员提案): answered, with the author's feedback."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from fazhi.aggregate import Aggregate
from fazhi.arrival import check_arrival
from fazhi.errors import RuleViolation
from fazhi.events import DomainEvent
from services.petition import contract as c
from services.petition.contract import SuggestionStatus as S
from services.petition.domain.periods import Periods, answer_months

CONTENT = (c.Satisfaction.SATISFIED, c.Satisfaction.BASICALLY)


class DeputySuggestion(Aggregate):
    """A suggestion or proposal: received → assigned → answered → feedback; re-handled when unsatisfied."""

    stream_type = "suggestion"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.status = S.RECEIVED
        self.received: c.SuggestionReceived | None = None
        self.assignment: c.SuggestionAssigned | None = None
        self.answer_due_on: date | None = None
        self.answers: list[c.SuggestionAnswered] = []
        self.feedback: list[c.FeedbackRecorded] = []
        self.rehandlings: list[c.RehandlingStarted] = []

    @property
    def round(self) -> int:
        """1 for the first handling, one more for each re-handling."""
        return len(self.rehandlings) + 1

    @property
    def received_at(self) -> datetime:
        assert self.received is not None, "a suggestion exists only once received"
        return self.received.received_at

    @property
    def is_open(self) -> bool:
        return self.status is not S.CLOSED

    @property
    def due_on(self) -> date | None:
        """The answer's deadline while one is awaited."""
        return self.answer_due_on if self.status is S.ASSIGNED else None

    def receive(self, *, kind: c.SuggestionKind, author: str, title: str, content: str, now: datetime,
                today: date, received_on: date | None = None, backdate_days: int = 365) -> list[DomainEvent]:
        """Receive a suggestion or proposal from its author; it arrived on `received_on` (default today)."""
        if self.exists:
            raise RuleViolation(f"suggestion {self.id} is already received", field="id")
        received = check_arrival(received_on or today, today, backdate_days)
        return [c.SuggestionReceived(suggestion_id=self.id, kind=kind, author=author, title=title, content=content,
                                     received_on=received, received_at=now)]

    def assign(self, *, office: str, complex: bool, periods: Periods, today: date) -> list[DomainEvent]:
        """Give it to a handling office: an answer in 3 months, 6 when marked complex (DB Art. 51)."""
        self._require({S.RECEIVED}, "assign the suggestion")
        return [c.SuggestionAssigned(suggestion_id=self.id, office=office, complex=complex,
                                     months=answer_months(complex), assigned_on=today,
                                     answer_due_on=periods.answer_by(today, complex))]

    def answer(self, *, answer: str, today: date) -> list[DomainEvent]:
        """The office's answer to the author."""
        self._require({S.ASSIGNED}, "answer the suggestion")
        assert self.answer_due_on is not None
        return [c.SuggestionAnswered(suggestion_id=self.id, answer=answer, answered_on=today,
                                     late=today > self.answer_due_on, round=self.round)]

    def record_feedback(self, *, feedback: c.Satisfaction, note: str, today: date) -> list[DomainEvent]:
        """The author's feedback on the answer; satisfied or basically satisfied closes it."""
        self._require({S.ANSWERED}, "record the author's feedback")
        return [c.FeedbackRecorded(suggestion_id=self.id, feedback=feedback, note=note, recorded_on=today,
                                   round=self.round)]

    def rehandle(self, *, reason: str, periods: Periods, today: date) -> list[DomainEvent]:
        """Handle it again after unsatisfied feedback; a new answer is due in the assignment's period."""
        self._require({S.UNSATISFIED}, "re-handle the suggestion (only after unsatisfied feedback)")
        assert self.assignment is not None
        return [c.RehandlingStarted(suggestion_id=self.id, reason=reason, started_on=today,
                                    answer_due_on=periods.answer_by(today, self.assignment.complex),
                                    round=self.round + 1)]

    def _require(self, allowed: Collection[S], action: str) -> None:
        if self.status not in allowed:
            raise RuleViolation(f"cannot {action}: it is {self.status.value}", field="status")

    def apply(self, event: DomainEvent) -> None:
        fold: dict[type[DomainEvent], Any] = {
            c.SuggestionReceived: self._received, c.SuggestionAssigned: self._assigned,
            c.SuggestionAnswered: self._answered, c.FeedbackRecorded: self._feedback,
            c.RehandlingStarted: self._rehandling,
        }
        fold[type(event)](event)

    def _received(self, e: c.SuggestionReceived) -> None:
        self.received = e

    def _assigned(self, e: c.SuggestionAssigned) -> None:
        self.status, self.assignment, self.answer_due_on = S.ASSIGNED, e, e.answer_due_on

    def _answered(self, e: c.SuggestionAnswered) -> None:
        self.status = S.ANSWERED
        self.answers.append(e)

    def _feedback(self, e: c.FeedbackRecorded) -> None:
        self.status = S.CLOSED if e.feedback in CONTENT else S.UNSATISFIED
        self.feedback.append(e)

    def _rehandling(self, e: c.RehandlingStarted) -> None:
        self.status, self.answer_due_on = S.ASSIGNED, e.answer_due_on
        self.rehandlings.append(e)
