"""A legal-advisor engagement (法律顾问): a contract with a law firm, and the opinions it gave."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fazhi.aggregate import Aggregate
from fazhi.errors import InvalidInput, RuleViolation
from fazhi.events import DomainEvent
from services.reporting import contract as c


class AdvisorEngagement(Aggregate):
    """One contract: who advises the township government and which village committees it serves."""

    stream_type = "advisor_engagement"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.law_firm = ""
        self.advisor = ""
        self.advises_government = False
        self.villages: list[str] = []
        self.contract_start = date.min
        self.contract_end = date.min
        self.opinions: list[c.AdvisorOpinionGiven] = []
        self.ended_on: date | None = None

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, c.AdvisorEngaged):
            self.law_firm, self.advisor = event.law_firm, event.advisor
            self.advises_government, self.villages = event.advises_government, list(event.villages)
            self.contract_start, self.contract_end = event.contract_start, event.contract_end
        elif isinstance(event, c.AdvisorOpinionGiven):
            self.opinions.append(event)
        elif isinstance(event, c.AdvisorEngagementEnded):
            self.ended_on = event.ended_on

    @property
    def last_day(self) -> date:
        """The last day the contract runs: its end, or the day it was ended early."""
        return min(self.contract_end, self.ended_on) if self.ended_on else self.contract_end

    def engage(self, *, law_firm: str, advisor: str, advises_government: bool, villages: Sequence[str],
               contract_start: date, contract_end: date) -> list[DomainEvent]:
        """Record a contract; it serves the government, some villages, or both."""
        if self.exists:
            raise RuleViolation(f"engagement {self.id} is already recorded", field="id")
        if contract_end < contract_start:
            raise InvalidInput(f"the contract ends ({contract_end}) before it starts ({contract_start})",
                               field="contract_end")
        if not advises_government and not villages:
            raise InvalidInput("an engagement advises the township government, serves villages, or both",
                               field="villages")
        if len(set(villages)) != len(villages):
            raise InvalidInput("a village is listed twice", field="villages")
        return [c.AdvisorEngaged(law_firm=law_firm, advisor=advisor, advises_government=advises_government,
                                 villages=sorted(villages), contract_start=contract_start, contract_end=contract_end)]

    def give_opinion(self, *, given_on: date, subject: str, today: date) -> list[DomainEvent]:
        """Record an opinion heard before a major decision, on a day the contract ran."""
        if given_on > today:
            raise InvalidInput(f"given_on {given_on} is in the future (today is {today})", field="given_on")
        if not self.contract_start <= given_on <= self.last_day:
            raise RuleViolation(f"the contract ran from {self.contract_start} to {self.last_day};"
                                f" an opinion of {given_on} was not given under it", field="given_on")
        return [c.AdvisorOpinionGiven(given_on=given_on, subject=subject)]

    def end(self, *, ended_on: date, reason: str, today: date) -> list[DomainEvent]:
        """End the contract before its term."""
        if self.ended_on is not None:
            raise RuleViolation(f"the engagement already ended on {self.ended_on}", field="status")
        if ended_on > today:
            raise InvalidInput(f"ended_on {ended_on} is in the future (today is {today})", field="ended_on")
        if not self.contract_start <= ended_on < self.contract_end:
            raise InvalidInput(f"an early end falls between {self.contract_start} and the day before"
                               f" {self.contract_end}", field="ended_on")
        if self.opinions and ended_on < max(o.given_on for o in self.opinions):
            raise InvalidInput("an opinion was given under the contract after that day", field="ended_on")
        return [c.AdvisorEngagementEnded(ended_on=ended_on, reason=reason)]
