"""The dispute aggregate: mediation sessions, agreement or failure, confirmation, follow-up, closing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fazhi.errors import InvalidInput, RuleViolation
from fazhi.events import DomainEvent
from services.mediation import contract as c
from services.mediation.contract import DisputeStatus as S
from services.mediation.domain.committee import Committee
from services.mediation.domain.dispute_state import IN_MEDIATION
from services.mediation.domain.intake import Intake
from services.mediation.domain.policy import Policy

NOT_ACCEPTED = "the dispute must be accepted before you {}: it is {}"


class Dispute(Intake):
    """A people's-mediation case (人民调解), from registration to closing; every command returns events."""

    def assign(self, *, mediator: str, committee: Committee | None, today: date) -> list[DomainEvent]:
        """Name the mediator (人民调解员); when a committee is named, a member of this case's committee."""
        self._require_mediation("assign a mediator")
        if committee is not None:
            _check_committee(self, committee, mediator, today)
        committee_id = committee.id if committee else None
        if (mediator, committee_id) == (self.mediator, self.committee_id):
            return []
        return [c.MediatorAssigned(dispute_id=self.id, mediator=mediator, committee_id=committee_id, assigned_on=today)]

    def record_session(self, *, held_on: date, summary: str, today: date) -> list[DomainEvent]:
        """File the record of a mediation session (TJ Art. 27)."""
        self._require_mediation("record a session")
        if self.mediator is None:
            raise RuleViolation("assign a mediator before recording a session", field="mediator")
        self.check_day(held_on, today, "held_on", self.accepted_on)
        return [c.SessionRecorded(dispute_id=self.id, held_on=held_on, mediator=self.mediator, summary=summary)]

    def agree(
        self, *, form: c.AgreementForm, agreed_on: date, facts: str | None, points_in_dispute: str | None,
        terms: Sequence[c.Term], oral_content: str | None, performance_deadline: date, signed: bool,
        policy: Policy, today: date, responsibilities: str | None = None,
    ) -> list[DomainEvent]:
        """Record the agreement: written with the statute's contents (TJ Art. 29) or oral with its content (Art. 30)."""
        self._require_mediation("record an agreement")
        if not self.round_sessions:
            raise RuleViolation("record the mediation session that reached the agreement first", field="status")
        self.check_day(agreed_on, today, "agreed_on", self.accepted_on)
        if performance_deadline < agreed_on:
            raise InvalidInput("the performance deadline is before the agreement", field="performance_deadline")
        if form is c.AgreementForm.WRITTEN:
            _check_written(facts, points_in_dispute, terms, agreed_on, performance_deadline, signed)
        elif not oral_content:
            raise InvalidInput("an oral agreement records its content", field="oral_content")
        return [c.AgreementReached(
            dispute_id=self.id, form=form, agreed_on=agreed_on, parties=self.parties, facts=facts,
            points_in_dispute=points_in_dispute, terms=list(terms), oral_content=oral_content,
            performance_deadline=performance_deadline, confirmation_by=policy.confirmation_by(agreed_on),
            confirmation_days=policy.confirmation_days, responsibilities=responsibilities,
        )]

    def fail(self, *, reason: str, routes_told: Sequence[c.Route], today: date) -> list[DomainEvent]:
        """End a mediation without agreement; the parties must be told where else to go (TJ Art. 26)."""
        self._require_mediation("record a failure")
        if not self.round_sessions:
            raise RuleViolation("a mediation fails only after a session was held", field="status")
        if not routes_told:
            raise InvalidInput("tell the parties of the arbitration, administrative or court routes, and record which",
                               field="routes_told")
        routes = [route for route in c.Route if route in routes_told]
        return [c.MediationFailed(dispute_id=self.id, failed_on=today, reason=reason, routes_told=routes)]

    def apply_for_confirmation(self, *, court: str, today: date) -> list[DomainEvent]:
        """Record the parties' joint application for judicial confirmation, within its window (TJ Art. 33)."""
        self.require_status({S.AGREED}, "apply for judicial confirmation")
        assert self.agreement is not None
        if self.confirmation is not None:
            raise RuleViolation(f"judicial confirmation was applied for on {self.confirmation.applied_on}",
                                field="status")
        if today > self.agreement.confirmation_by:
            raise RuleViolation(
                f"judicial confirmation must be applied for by {self.agreement.confirmation_by} "
                f"(agreement of {self.agreement.agreed_on}); today is {today}", field="applied_on")
        return [c.ConfirmationApplied(dispute_id=self.id, applied_on=today, court=court)]

    def record_performance(self, *, performance: c.Performance, checked_on: date, note: str,
                           today: date) -> list[DomainEvent]:
        """Record whether the agreement was carried out."""
        self.require_status({S.AGREED}, "record performance")
        assert self.agreement is not None
        self.check_day(checked_on, today, "checked_on", self.agreement.agreed_on)
        return [c.PerformanceRecorded(dispute_id=self.id, performance=performance, checked_on=checked_on, note=note)]

    def record_follow_up(self, *, visited_on: date, visited_by: str, findings: str, today: date) -> list[DomainEvent]:
        """Record a follow-up visit (回访) after the mediation ended."""
        self.require_status({S.AGREED, S.FAILED, S.CLOSED}, "record a follow-up visit")
        ended = self.agreement.agreed_on if self.agreement else self.failure.failed_on if self.failure else None
        self.check_day(visited_on, today, "visited_on", ended)
        return [c.FollowUpRecorded(dispute_id=self.id, visited_on=visited_on, visited_by=visited_by, findings=findings)]

    def close(self, *, today: date) -> list[DomainEvent]:
        """Close the case; an agreement is closed only once a follow-up visit checked its performance."""
        self.require_status({S.AGREED, S.FAILED}, "close the dispute")
        if self.status is S.AGREED and not self.follow_ups:
            raise RuleViolation("check the agreement's performance on a follow-up visit before closing",
                                field="status")
        return [c.DisputeClosed(dispute_id=self.id, closed_on=today, outcome=self.status)]

    def reopen(self, *, reason: str, policy: Policy, today: date) -> list[DomainEvent]:
        """Take a closed case up again (e.g. the agreement was not carried out); a new time to conclude runs."""
        self.require_status({S.CLOSED}, "reopen the dispute")
        due = policy.conclude_by(today)
        return [c.DisputeReopened(dispute_id=self.id, reopened_on=today, reason=reason, due_on=due,
                                  period_days=policy.conclude_days)]

    def _require_mediation(self, action: str) -> None:
        why = NOT_ACCEPTED.format(action, self.status.value) if self.status is S.REGISTERED else None
        self.require_status(IN_MEDIATION, action, why)


def _check_written(facts: str | None, points: str | None, terms: Sequence[c.Term], agreed_on: date,
                   performance_deadline: date, signed: bool) -> None:
    for field, value in (("facts", facts), ("points_in_dispute", points)):
        if not value:
            raise InvalidInput(f"a written agreement states the {field.replace('_', ' ')}", field=field)
    if not terms:
        raise InvalidInput("a written agreement states its terms, with manner and deadline", field="terms")
    for i, term in enumerate(terms):
        if not term.content.strip() or not term.manner.strip():
            raise InvalidInput("a term states what is to be done and in what manner", field=f"terms.{i}")
        if not agreed_on <= term.deadline <= performance_deadline:
            raise InvalidInput("a term's deadline falls between the agreement and the performance deadline",
                               field=f"terms.{i}.deadline")
    if not signed:
        raise InvalidInput("a written agreement takes effect when the parties sign and the committee seals it",
                           field="signed")


def _check_committee(dispute: Dispute, committee: Committee, mediator: str, today: date) -> None:
    # A village case goes to its village's committee, a township case to the township's.
    other_village = dispute.level is c.Level.VILLAGE and committee.village != dispute.village
    if committee.level is not dispute.level or other_village:
        where = f"village {dispute.village}" if dispute.level is c.Level.VILLAGE else "the township"
        raise InvalidInput(f"this {dispute.level.value}-level dispute is mediated by the committee of {where}",
                           field="committee_id")
    if committee.term_expired(today):
        raise InvalidInput(f"the committee's term ended on {committee.term_end}; renew it first", field="committee_id")
    if not committee.has_member(mediator):
        raise InvalidInput(f"{mediator} is not a member of committee {committee.name}", field="mediator")
