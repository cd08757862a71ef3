"""The state of a dispute (人民调解 case): a fold of its events, and the checks commands share."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fazhi.aggregate import Aggregate
from fazhi.county import RiskFlag
from fazhi.errors import InvalidInput, RuleViolation
from fazhi.events import DomainEvent
from services.mediation import contract as c
from services.mediation.contract import DisputeStatus as S

OPEN = frozenset({S.REGISTERED, S.ACCEPTED, S.MEDIATING, S.AGREED, S.FAILED})
IN_MEDIATION = frozenset({S.ACCEPTED, S.MEDIATING})  # the conclude deadline runs


class DisputeState(Aggregate):
    """Everything known about one dispute; changed only by `apply`."""

    stream_type = "dispute"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.status = S.REGISTERED
        self.level = c.Level.VILLAGE
        self.village: str | None = None
        self.source = c.Source.WALK_IN
        self.category = c.Category.OTHER
        self.parties: list[c.Party] = []
        self.people_involved = 0
        self.amount: Decimal | None = None
        self.description = ""
        self.risk_flags: list[RiskFlag] = []
        self.referral_case_id: str | None = None
        self.registered_on = date.min
        self.registered_at: datetime | None = None
        self.received_on = date.min
        self.case_number: str | None = None
        self.conclude_period: tuple[date, int] | None = None  # (start, days) of conclude_by, when recorded
        self.severity: c.Severity | None = None
        self.reasons: tuple[str, ...] = ()
        self.conclude_by: date | None = None
        self.accepted_on: date | None = None
        self.mediator: str | None = None
        self.committee_id: str | None = None
        self.sessions: list[c.SessionRecorded] = []
        self.round_sessions = 0  # sessions since acceptance, reopening or escalation: what an outcome rests on
        self.agreement: c.AgreementReached | None = None
        self.failure: c.MediationFailed | None = None
        self.confirmation: c.ConfirmationApplied | None = None
        self.performance: c.PerformanceRecorded | None = None
        self.follow_ups: list[c.FollowUpRecorded] = []
        self.declined: c.DisputeDeclined | None = None
        self.escalations: list[c.DisputeEscalated] = []
        self.closed_on: date | None = None
        self.reopenings = 0
        self.attachments: list[c.DisputeAttached] = []

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def apply(self, event: DomainEvent) -> None:
        _FOLDS[type(event)](self, event)

    # -- checks shared by the commands ------------------------------------------------

    def require_status(self, allowed: Collection[S], action: str, why: str | None = None) -> None:
        """Refuse (409) a command the current status does not allow, saying why."""
        if self.status not in allowed:
            wanted = " or ".join(sorted(s.value for s in allowed))
            raise RuleViolation(why or f"cannot {action}: the dispute is {self.status.value}, it must be {wanted}",
                                field="status")

    def check_day(self, day: date, today: date, field: str, not_before: date | None = None) -> None:
        """A recorded day must not be in the future, nor before the step it follows."""
        if day > today:
            raise InvalidInput(f"{field} {day} is in the future (today is {today})", field=field)
        earliest = not_before or self.registered_on
        if day < earliest:
            raise InvalidInput(f"{field} {day} is before {earliest}, when the dispute reached this stage", field=field)

    # -- folds --------------------------------------------------------------------------

    def _registered(self, e: c.DisputeRegistered) -> None:
        self.level, self.village, self.source, self.category = e.level, e.village, e.source, e.category
        self.parties, self.people_involved, self.amount = list(e.parties), e.people_involved, e.amount
        self.description, self.risk_flags, self.referral_case_id = e.description, list(e.risk_flags), e.referral_case_id
        self.registered_on, self.registered_at, self.conclude_by = e.registered_on, e.registered_at, e.due_on
        self.received_on, self.case_number = e.received_on or e.registered_on, e.case_number
        self.conclude_period = _period(self.received_on, e.period_days)

    def _classified(self, e: c.DisputeClassified) -> None:
        self.severity, self.reasons = e.severity, tuple(e.reasons)

    def _facts_revised(self, e: c.FactsRevised) -> None:
        self.people_involved, self.amount, self.risk_flags = e.people_involved, e.amount, list(e.risk_flags)
        self.description = e.description

    def _accepted(self, e: c.DisputeAccepted) -> None:
        self.status, self.accepted_on, self.conclude_by = S.ACCEPTED, e.accepted_on, e.due_on
        self.conclude_period = _period(e.accepted_on, e.period_days)

    def _declined(self, e: c.DisputeDeclined) -> None:
        self.status, self.declined = S.DECLINED, e

    def _assigned(self, e: c.MediatorAssigned) -> None:
        self.mediator, self.committee_id = e.mediator, e.committee_id

    def _session(self, e: c.SessionRecorded) -> None:
        self.status = S.MEDIATING
        self.sessions.append(e)
        self.round_sessions += 1

    def _agreed(self, e: c.AgreementReached) -> None:
        self.status, self.agreement = S.AGREED, e

    def _failed(self, e: c.MediationFailed) -> None:
        self.status, self.failure = S.FAILED, e

    def _confirmation(self, e: c.ConfirmationApplied) -> None:
        self.confirmation = e

    def _performance(self, e: c.PerformanceRecorded) -> None:
        self.performance = e

    def _follow_up(self, e: c.FollowUpRecorded) -> None:
        self.follow_ups.append(e)

    def _closed(self, e: c.DisputeClosed) -> None:
        self.status, self.closed_on = S.CLOSED, e.closed_on

    def _reopened(self, e: c.DisputeReopened) -> None:
        # A new round of mediation: the earlier outcome stays in the history only.
        self.status, self.conclude_by, self.closed_on = S.ACCEPTED, e.due_on, None
        self.conclude_period = _period(e.reopened_on, e.period_days)
        self.accepted_on = e.reopened_on
        self.agreement = self.failure = self.confirmation = self.performance = None
        self.follow_ups, self.round_sessions = [], 0
        self.reopenings += 1

    def _escalated(self, e: c.DisputeEscalated) -> None:
        self.escalations.append(e)
        if e.to_level is c.EscalationLevel.COUNTY:
            self.status = S.ESCALATED
            return
        self.level, self.mediator, self.committee_id, self.conclude_by = c.Level.TOWNSHIP, None, None, e.due_on
        self.conclude_period = _period(e.escalated_on, e.period_days)
        self.round_sessions = 0
        if self.status is not S.REGISTERED:  # the township committee takes the case as it stands
            self.status, self.accepted_on, self.failure = S.ACCEPTED, e.escalated_on, None


def _attached(state: DisputeState, e: c.DisputeAttached) -> None:
    state.attachments.append(e)


def _period(start: date, days: int | None) -> tuple[date, int] | None:
    return (start, days) if days is not None else None


_FOLDS: dict[type[DomainEvent], Callable[[DisputeState, Any], None]] = {
    c.DisputeRegistered: DisputeState._registered,
    c.DisputeClassified: DisputeState._classified,
    c.FactsRevised: DisputeState._facts_revised,
    c.DisputeAccepted: DisputeState._accepted,
    c.DisputeDeclined: DisputeState._declined,
    c.MediatorAssigned: DisputeState._assigned,
    c.SessionRecorded: DisputeState._session,
    c.AgreementReached: DisputeState._agreed,
    c.MediationFailed: DisputeState._failed,
    c.ConfirmationApplied: DisputeState._confirmation,
    c.PerformanceRecorded: DisputeState._performance,
    c.FollowUpRecorded: DisputeState._follow_up,
    c.DisputeClosed: DisputeState._closed,
    c.DisputeReopened: DisputeState._reopened,
    c.DisputeEscalated: DisputeState._escalated,
    c.DisputeAttached: _attached,
}
