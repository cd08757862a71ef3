"""A monthly screening round (矛盾纠纷排查) of one village: the disputes found, or an explicit zero-report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fazhi.aggregate import Aggregate
from fazhi.errors import InvalidInput, RuleViolation
from fazhi.events import DomainEvent
from services.mediation import contract as c


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


class ScreeningRound(Aggregate):
    """One village, one month; its stream id follows from both, so a month is reported once."""

    stream_type = "screening"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.village = ""
        self.month = ""
        self.dispute_ids: list[str] = []
        self.zero_report = False
        self.reported_on = date.min

    def apply(self, event: DomainEvent) -> None:
        assert isinstance(event, c.ScreeningReported)
        self.village, self.month, self.reported_on = event.village, event.month, event.reported_on
        self.dispute_ids, self.zero_report = list(event.dispute_ids), event.zero_report

    def report(self, *, village: str, month: str, dispute_ids: Sequence[str], zero_report: bool,
               today: date) -> list[DomainEvent]:
        """Report the round: either the disputes found or a zero-report, for a month that has begun."""
        if self.exists:
            raise RuleViolation(f"village {self.village} already reported its screening for {self.month}"
                                f" on {self.reported_on}", field="month")
        if month > month_of(today):
            raise InvalidInput(f"month {month} has not begun", field="month")
        if zero_report == bool(dispute_ids):
            raise InvalidInput("report the disputes found, or zero_report: true when none were found",
                               field="dispute_ids" if dispute_ids else "zero_report")
        if len(set(dispute_ids)) != len(dispute_ids):
            raise InvalidInput("a dispute is listed twice", field="dispute_ids")
        return [c.ScreeningReported(round_id=self.id, village=village, month=month, dispute_ids=list(dispute_ids),
                                    zero_report=zero_report, reported_on=today)]
