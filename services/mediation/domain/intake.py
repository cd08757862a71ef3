"""Opening a dispute: registration, facts and their classification, acceptance, escalation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from fazhi.arrival import check_arrival
from fazhi.county import RiskFlag
from fazhi.errors import InvalidInput, RuleViolation
from fazhi.events import DomainEvent
from services.mediation import contract as c
from services.mediation.contract import DisputeStatus as S
from services.mediation.domain.dispute_state import DisputeState
from services.mediation.domain.policy import Policy

ESCALATABLE = frozenset({S.REGISTERED, S.ACCEPTED, S.MEDIATING, S.FAILED})


class Intake(DisputeState):
    """Commands of the first phase: what the case is, whether the committee takes it, and where."""

    def register(
        self, *, level: c.Level, village: str | None, source: c.Source, category: c.Category,
        parties: Sequence[c.Party], people_involved: int, amount: Decimal | None, description: str,
        risk_flags: Sequence[RiskFlag], referral_case_id: str | None = None, received_on: date | None = None,
        policy: Policy, now: datetime, today: date,
    ) -> list[DomainEvent]:
        """Register a dispute at village or township level, classified at once.

        `received_on` is the day it arrived (default today): the time to conclude runs from it.
        """
        if self.exists:
            raise RuleViolation(f"dispute {self.id} is already registered", field="id")
        received = check_arrival(received_on or today, today, policy.rules.backdate_days)
        if level is c.Level.VILLAGE and village is None:
            raise InvalidInput("a village-level dispute names its village", field="village")
        if (source is c.Source.REFERRAL) != (referral_case_id is not None):
            raise InvalidInput("a referral, and only a referral, names the petition case", field="referral_case_id")
        _check_facts(people_involved, len(parties), amount)
        flags = _unique(risk_flags)
        registered = c.DisputeRegistered(
            dispute_id=self.id, level=level, village=village, source=source, category=category,
            parties=list(parties), people_involved=people_involved, amount=amount, description=description,
            risk_flags=flags, referral_case_id=referral_case_id, registered_on=today, registered_at=now,
            due_on=policy.conclude_by(received), received_on=received, period_days=policy.conclude_days,
            case_number=None,
        )
        return [registered, self._classification(policy, people_involved, amount, flags, level, village,
                                                  category, today)]

    def revise_facts(
        self, *, people_involved: int, amount: Decimal | None, risk_flags: Sequence[RiskFlag],
        description: str | None, policy: Policy, today: date,
    ) -> list[DomainEvent]:
        """Record changed facts; a change of severity or reasons is classified again."""
        self.require_status({S.REGISTERED, S.ACCEPTED, S.MEDIATING, S.AGREED, S.FAILED}, "revise the facts")
        _check_facts(people_involved, len(self.parties), amount)
        flags = _unique(risk_flags)
        text = self.description if description is None else description
        if (people_involved, amount, flags, text) == (self.people_involved, self.amount, self.risk_flags,
                                                      self.description):
            return []  # nothing changed: nothing to record
        revised = c.FactsRevised(dispute_id=self.id, people_involved=people_involved, amount=amount,
                                 risk_flags=flags, description=text, revised_on=today)
        classified = self._classification(policy, people_involved, amount, flags, self.level, self.village,
                                          self.category, today)
        if (classified.severity, tuple(classified.reasons)) == (self.severity, self.reasons):
            return [revised]
        return [revised, classified]

    def accept(self, *, policy: Policy, today: date) -> list[DomainEvent]:
        """The committee takes the case (受理); the time to conclude runs from today."""
        self.require_status({S.REGISTERED}, "accept the dispute")
        return [c.DisputeAccepted(dispute_id=self.id, accepted_on=today, due_on=policy.conclude_by(today),
                                  period_days=policy.conclude_days)]

    def decline(self, *, grounds: c.DeclineGrounds, reason: str, today: date) -> list[DomainEvent]:
        """The committee does not take the case, e.g. because a party clearly refuses (TJ Art. 17)."""
        self.require_status({S.REGISTERED}, "decline the dispute")
        return [c.DisputeDeclined(dispute_id=self.id, grounds=grounds, reason=reason, declined_on=today)]

    def escalate(self, *, reason: str, policy: Policy, today: date) -> list[DomainEvent]:
        """Hand an unresolved case one level up: village → township → county (小事不出村、大事不出乡)."""
        if self.status is S.AGREED:
            raise RuleViolation("an agreed dispute is not escalated; reopen it if the agreement fails", field="status")
        self.require_status(ESCALATABLE, "escalate the dispute")
        to = c.EscalationLevel.TOWNSHIP if self.level is c.Level.VILLAGE else c.EscalationLevel.COUNTY
        due = policy.conclude_by(today) if to is c.EscalationLevel.TOWNSHIP else None
        return [c.DisputeEscalated(dispute_id=self.id, from_level=self.level, to_level=to, reason=reason,
                                   escalated_on=today, due_on=due,
                                   period_days=policy.conclude_days if due is not None else None)]

    def _classification(
        self, policy: Policy, people: int, amount: Decimal | None, flags: list[RiskFlag], level: c.Level,
        village: str | None, category: c.Category, today: date,
    ) -> c.DisputeClassified:
        result = policy.classify(people, amount, flags)
        return c.DisputeClassified(
            dispute_id=self.id, severity=result.severity, reasons=list(result.reasons),
            previous_severity=self.severity, level=level, village=village, category=category, classified_on=today,
        )


def _check_facts(people_involved: int, parties: int, amount: Decimal | None) -> None:
    if people_involved < max(1, parties):
        raise InvalidInput(f"people_involved is {people_involved}, but the dispute names {parties} parties",
                           field="people_involved")
    if amount is not None and amount < 0:
        raise InvalidInput("an amount in dispute cannot be negative", field="amount")


def _unique(flags: Sequence[RiskFlag]) -> list[RiskFlag]:
    return [flag for flag in RiskFlag if flag in flags]
