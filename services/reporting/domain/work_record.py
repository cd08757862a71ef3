"""What the dated work records (publicity activities, trainings) share: a day, corrections, withdrawal."""

from __future__ import annotations

from datetime import date

from fazhi.aggregate import Aggregate
from fazhi.errors import InvalidInput, RuleViolation


class DatedRecord(Aggregate):
    """A record of something that happened on a day; corrected as a whole, or withdrawn when entered in error."""

    kind = "record"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.held_on = date.min
        self.withdrawn_on: date | None = None
        self.withdrawal_reason: str | None = None

    @property
    def counts(self) -> bool:
        """Whether the record enters the figures (it was not withdrawn)."""
        return self.exists and self.withdrawn_on is None

    def check_new(self, held_on: date, today: date) -> None:
        if self.exists:
            raise RuleViolation(f"{self.kind} {self.id} is already recorded", field="id")
        check_not_future(held_on, today)

    def check_correctable(self, held_on: date, today: date) -> None:
        self.check_not_withdrawn("correct")
        check_not_future(held_on, today)

    def check_not_withdrawn(self, action: str) -> None:
        if self.withdrawn_on is not None:
            raise RuleViolation(f"cannot {action} the {self.kind}: it was withdrawn on {self.withdrawn_on}",
                                field="status")


def check_not_future(held_on: date, today: date) -> None:
    """Work records are entered after the fact: a day after today is refused naming `held_on`."""
    if held_on > today:
        raise InvalidInput(f"held_on {held_on} is in the future (today is {today})", field="held_on")
