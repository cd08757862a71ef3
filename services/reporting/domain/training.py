"""A training of administrative-enforcement staff (行政执法人员培训): day, topic, attendees."""

from __future__ import annotations

from datetime import date

from fazhi.events import DomainEvent
from services.reporting import contract as c
from services.reporting.domain.work_record import DatedRecord


class Training(DatedRecord):
    """One training session."""

    stream_type = "training"
    kind = "training"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.topic = ""
        self.attendees = 0

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, c.TrainingRecorded | c.TrainingCorrected):
            self.held_on, self.topic, self.attendees = event.held_on, event.topic, event.attendees
        elif isinstance(event, c.TrainingWithdrawn):
            self.withdrawn_on, self.withdrawal_reason = event.withdrawn_on, event.reason

    def record(self, *, held_on: date, topic: str, attendees: int, today: date) -> list[DomainEvent]:
        """Record a training that took place."""
        self.check_new(held_on, today)
        return [c.TrainingRecorded(held_on=held_on, topic=topic, attendees=attendees)]

    def correct(self, *, held_on: date, topic: str, attendees: int, today: date) -> list[DomainEvent]:
        """Replace the facts; nothing is recorded when they are unchanged."""
        self.check_correctable(held_on, today)
        if (held_on, topic, attendees) == (self.held_on, self.topic, self.attendees):
            return []
        return [c.TrainingCorrected(held_on=held_on, topic=topic, attendees=attendees)]

    def withdraw(self, *, reason: str, today: date) -> list[DomainEvent]:
        """Take back a training entered in error; it stops counting."""
        self.check_not_withdrawn("withdraw")
        return [c.TrainingWithdrawn(reason=reason, withdrawn_on=today)]
