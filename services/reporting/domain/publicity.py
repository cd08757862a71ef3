"""A legal-publicity activity (普法宣传活动): its day, theme, place and participants."""

from __future__ import annotations

from datetime import date

from fazhi.events import DomainEvent
from services.reporting import contract as c
from services.reporting.domain.work_record import DatedRecord


class PublicityActivity(DatedRecord):
    """One activity; the township-wide ones have no village."""

    stream_type = "publicity_activity"
    kind = "publicity activity"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.theme = c.Theme.OTHER
        self.title = ""
        self.village: str | None = None
        self.participants = 0

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, c.PublicityActivityRecorded | c.PublicityActivityCorrected):
            self.held_on, self.theme, self.title = event.held_on, event.theme, event.title
            self.village, self.participants = event.village, event.participants
        elif isinstance(event, c.PublicityActivityWithdrawn):
            self.withdrawn_on, self.withdrawal_reason = event.withdrawn_on, event.reason

    def record(self, *, held_on: date, theme: c.Theme, title: str, village: str | None, participants: int,
               today: date) -> list[DomainEvent]:
        """Record an activity that took place (not one planned)."""
        self.check_new(held_on, today)
        return [c.PublicityActivityRecorded(held_on=held_on, theme=theme, title=title, village=village,
                                            participants=participants)]

    def correct(self, *, held_on: date, theme: c.Theme, title: str, village: str | None, participants: int,
                today: date) -> list[DomainEvent]:
        """Replace the facts; nothing is recorded when they are unchanged."""
        self.check_correctable(held_on, today)
        facts = (held_on, theme, title, village, participants)
        if facts == (self.held_on, self.theme, self.title, self.village, self.participants):
            return []
        return [c.PublicityActivityCorrected(held_on=held_on, theme=theme, title=title, village=village,
                                             participants=participants)]

    def withdraw(self, *, reason: str, today: date) -> list[DomainEvent]:
        """Take back an activity entered in error; it stops counting."""
        self.check_not_withdrawn("withdraw")
        return [c.PublicityActivityWithdrawn(reason=reason, withdrawn_on=today)]
