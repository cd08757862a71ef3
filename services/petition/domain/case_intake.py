"""Opening a petition: registration (with repeat linking), the acceptance decision, referral to mediation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from fazhi.arrival import check_arrival
from fazhi.errors import InvalidInput, RuleViolation
from fazhi.events import DomainEvent
from services.petition import contract as c
from services.petition.contract import CaseStatus as S
from services.petition.domain.case_state import PetitionCaseState
from services.petition.domain.periods import Periods
from services.petition.domain.repeats import EarlierCase, keys_for, link

MAX_REPRESENTATIVES = 5  # XF Art. 20
REFERABLE = frozenset({S.REGISTERED, S.ACCEPTED, S.HANDLING})


class CaseIntake(PetitionCaseState):
    """Commands of the first phase: what the petition is, who brings it, and where it goes."""

    def register(
        self, *, channel: c.Channel, petitioners: Sequence[c.Person], representatives: Sequence[c.Person],
        group_size: int | None, subject: str, claims: Sequence[str], matter: str | None, bypassed_level: bool,
        village: str | None, earlier: Sequence[EarlierCase], person_key: bytes, periods: Periods, now: datetime,
        today: date, received_on: date | None = None, registered_on: date | None = None,
        query_code: str | None = None, backdate_days: int = 365,
    ) -> list[DomainEvent]:
        """Register a petition; earlier cases of a petitioner on the same matter are linked.

        `person_key` is the service's secret the petitioners' repeat keys are hashed with. The petition
        arrived on `received_on` and was registered on `registered_on` (both default today, neither in the
        future nor beyond the county's limit back); the 15 days to decide acceptance run from its arrival.
        """
        if self.exists:
            raise RuleViolation(f"case {self.id} is already registered", field="id")
        registered = check_arrival(registered_on or today, today, backdate_days, "registered_on")
        received = check_arrival(received_on or registered, today, backdate_days)
        if received > registered:
            raise InvalidInput(f"received_on {received} is after registered_on {registered}: a petition is "
                               "registered once it has arrived", field="received_on")
        people = [*petitioners, *representatives]
        size = _check_people(channel, petitioners, representatives, group_size)
        if not [claim for claim in claims if claim.strip()]:
            raise InvalidInput("a petition states at least one claim", field="claims")
        keys = keys_for(people, matter or subject, person_key)
        if not keys.matter:
            raise InvalidInput("the matter has no letters or digits to match repeats on", field="matter")
        repeat = link(self.id, earlier)
        return [c.CaseRegistered(
            case_id=self.id, channel=channel, petitioners=list(petitioners), representatives=list(representatives),
            group_size=size, group_visit=channel is c.Channel.VISIT and size > 1, subject=subject,
            claims=list(claims), matter=keys.matter, bypassed_level=bypassed_level, village=village,
            registered_on=registered, registered_at=now, acceptance_due_on=periods.acceptance_by(received),
            received_on=received, query_code=query_code,
            petitioner_keys=keys.petitioner_keys, matter_keys=keys.matter_keys, repeat_of=repeat.repeat_of,
            repeat_count=len(repeat.earlier_cases), earlier_cases=repeat.earlier_cases,
        )]

    def accept(self, *, rechecked: Sequence[EarlierCase], periods: Periods, today: date,
               decided_on: date | None = None) -> list[DomainEvent]:
        """Accept the petition (受理) on `decided_on` (default today); handling runs 60 days from it.
        A matter closed by 复核 is not accepted again."""
        self.require_status({S.REGISTERED}, "decide acceptance")
        day = self._decision_day(decided_on, today)
        final = next((e for e in rechecked if e.rechecked_on is not None), None)
        if final is not None:
            raise RuleViolation(
                f"the same claim was re-examined (复核) in case {final.case_id} on {final.rechecked_on}: "
                "it is not accepted again (信访工作条例 Art. 36); decline it with route 'concluded'",
                field="decision")
        return [c.CaseAccepted(case_id=self.id, accepted_on=day, late=self._late(day),
                               handling_due_on=periods.handling_by(day))]

    def decline(self, *, route: c.Route | None, reason: str, today: date,
                decided_on: date | None = None) -> list[DomainEvent]:
        """Do not accept, telling the petitioner the route to take (e.g. a court, arbitration)."""
        self.require_status({S.REGISTERED}, "decide acceptance")
        day = self._decision_day(decided_on, today)
        if route is None:
            raise InvalidInput("a petition that is not accepted tells the petitioner which route to take",
                               field="route")
        return [c.CaseDeclined(case_id=self.id, declined_on=day, late=self._late(day), route=route,
                               reason=reason)]

    def transfer(self, *, organ: str | None, reason: str, today: date,
                 decided_on: date | None = None) -> list[DomainEvent]:
        """Transfer the petition to the organ competent to handle it (转送)."""
        self.require_status({S.REGISTERED}, "decide acceptance")
        day = self._decision_day(decided_on, today)
        if not organ or not organ.strip():
            raise InvalidInput("a transfer names the competent organ", field="organ")
        return [c.CaseTransferred(case_id=self.id, transferred_on=day, late=self._late(day), organ=organ,
                                  reason=reason)]

    def refer(self, *, category: c.MediationCategory, summary: str | None, reason: str,
              today: date) -> list[DomainEvent]:
        """Refer a petition whose substance is a civil dispute to people's mediation."""
        self.require_status(REFERABLE, "refer the case to mediation")
        reg = self.reg
        return [c.CaseReferredToMediation(
            case_id=self.id, village=reg.village, category=category.value, summary=summary or reg.subject,
            parties=[*reg.petitioners, *reg.representatives], people_involved=reg.group_size, reason=reason,
            referred_on=today,
        )]

    def link_dispute(self, *, dispute_id: str, today: date) -> list[DomainEvent]:
        """Record the dispute mediation opened for this referral; a repeat report changes nothing."""
        if self.referral is None:
            raise RuleViolation(f"case {self.id} was never referred to mediation", field="referral_case_id")
        if self.dispute is not None:
            if self.dispute.dispute_id == dispute_id:
                return []
            raise RuleViolation(f"case {self.id} is already linked to dispute {self.dispute.dispute_id}",
                                field="dispute_id")
        return [c.ReferralLinked(case_id=self.id, dispute_id=dispute_id, linked_on=today)]

    def _decision_day(self, decided_on: date | None, today: date) -> date:
        """The day acceptance was decided: not in the future, not before the petition was registered."""
        day = decided_on or today
        self.check_day(day, today, "decided_on", self.reg.registered_on)
        return day

    def _late(self, today: date) -> bool:
        return today > self.reg.acceptance_due_on


def _check_people(channel: c.Channel, petitioners: Sequence[c.Person], representatives: Sequence[c.Person],
                  group_size: int | None) -> int:
    """The group size, after the rules on who brings a petition (XF Art. 20)."""
    named = len({p.id_number or p.name for p in [*petitioners, *representatives]})
    if named == 0:
        raise InvalidInput("a petition names at least one petitioner", field="petitioners")
    size = group_size if group_size is not None else named
    if size < named:
        raise InvalidInput(f"group_size is {size}, but the petition names {named} people", field="group_size")
    if len(representatives) > MAX_REPRESENTATIVES:
        raise InvalidInput(f"a group chooses at most {MAX_REPRESENTATIVES} representatives "
                           f"(信访工作条例 Art. 20); {len(representatives)} were given", field="representatives")
    if representatives and size == 1:
        raise InvalidInput("only a petition of several people has representatives", field="representatives")
    if channel is c.Channel.VISIT and size > 1 and not representatives:
        raise InvalidInput(f"a group visit of {size} people chooses its representatives "
                           f"(at most {MAX_REPRESENTATIVES})", field="representatives")
    return size
