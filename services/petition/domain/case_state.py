"""The state of a petition case (信访事项): a fold of its events, and the checks commands share."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime
from typing import Any

from fazhi.aggregate import Aggregate
from fazhi.errors import InvalidInput, RuleViolation
from fazhi.events import DomainEvent
from services.petition import contract as c
from services.petition.contract import CaseStatus as S

FINISHED = frozenset({S.DECLINED, S.TRANSFERRED, S.RECHECKED, S.CLOSED})


class PetitionCaseState(Aggregate):
    """Everything known about one petition; changed only by `apply`."""

    stream_type = "petition"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.status = S.REGISTERED
        self.registered: c.CaseRegistered | None = None
        self.decision: c.CaseAccepted | c.CaseDeclined | c.CaseTransferred | None = None
        self.handling: list[c.HandlingRecorded] = []
        self.extension: c.HandlingExtended | None = None
        self.handling_due_on: date | None = None
        self.written_reply: c.CaseReplied | None = None
        self.satisfaction: list[c.SatisfactionRecorded] = []
        self.review: c.ReviewRequested | None = None
        self.reviewed: c.CaseReviewed | None = None
        self.recheck: c.RecheckRequested | None = None
        self.rechecked: c.CaseRechecked | None = None
        self.referral: c.CaseReferredToMediation | None = None
        self.dispute: c.ReferralLinked | None = None
        self.closed_on: date | None = None
        self.attachments: list[c.CaseAttached] = []

    @property
    def reg(self) -> c.CaseRegistered:
        """The registration; every existing case has one."""
        assert self.registered is not None, "a case exists only once registered"
        return self.registered

    @property
    def registered_at(self) -> datetime:
        return self.reg.registered_at

    @property
    def received_on(self) -> date:
        """The day the petition arrived: recorded since received_on exists, else its registration day."""
        return self.reg.received_on or self.reg.registered_on

    @property
    def is_open(self) -> bool:
        return self.status not in FINISHED

    @property
    def due_on(self) -> date | None:
        """The deadline the desk (or the organ re-examining) is working to now; none when nothing runs."""
        if self.status is S.REGISTERED:
            return self.reg.acceptance_due_on
        if self.status in (S.ACCEPTED, S.HANDLING):
            return self.handling_due_on
        if self.status is S.REVIEW_REQUESTED and self.review:
            return self.review.decision_due_on
        if self.status is S.RECHECK_REQUESTED and self.recheck:
            return self.recheck.decision_due_on
        return None

    def apply(self, event: DomainEvent) -> None:
        _FOLDS[type(event)](self, event)

    def require_status(self, allowed: Collection[S], action: str) -> None:
        """Refuse (409) a command the current status does not allow, saying why."""
        if self.status not in allowed:
            wanted = " or ".join(sorted(s.value for s in allowed))
            raise RuleViolation(f"cannot {action}: the case is {self.status.value}, it must be {wanted}",
                                field="status")

    def check_day(self, day: date, today: date, field: str, not_before: date) -> None:
        """A recorded day must not be in the future, nor before the step it follows."""
        if day > today:
            raise InvalidInput(f"{field} {day} is in the future (today is {today})", field=field)
        if day < not_before:
            raise InvalidInput(f"{field} {day} is before {not_before}, when the case reached this stage",
                               field=field)

    # -- folds ----------------------------------------------------------------------------

    def _registered(self, e: c.CaseRegistered) -> None:
        self.registered = e

    def _accepted(self, e: c.CaseAccepted) -> None:
        self.status, self.decision, self.handling_due_on = S.ACCEPTED, e, e.handling_due_on

    def _declined(self, e: c.CaseDeclined) -> None:
        self.status, self.decision = S.DECLINED, e

    def _transferred(self, e: c.CaseTransferred) -> None:
        self.status, self.decision = S.TRANSFERRED, e

    def _handled(self, e: c.HandlingRecorded) -> None:
        self.status = S.HANDLING
        self.handling.append(e)

    def _extended(self, e: c.HandlingExtended) -> None:
        self.extension, self.handling_due_on = e, e.handling_due_on

    def _replied(self, e: c.CaseReplied) -> None:
        self.status, self.written_reply = S.REPLIED, e

    def _satisfaction(self, e: c.SatisfactionRecorded) -> None:
        self.satisfaction.append(e)

    def _review_requested(self, e: c.ReviewRequested) -> None:
        self.status, self.review = S.REVIEW_REQUESTED, e

    def _reviewed(self, e: c.CaseReviewed) -> None:
        self.status, self.reviewed = S.REVIEWED, e

    def _recheck_requested(self, e: c.RecheckRequested) -> None:
        self.status, self.recheck = S.RECHECK_REQUESTED, e

    def _rechecked(self, e: c.CaseRechecked) -> None:
        self.status, self.rechecked = S.RECHECKED, e

    def _referred(self, e: c.CaseReferredToMediation) -> None:
        self.status, self.referral = S.REFERRED, e

    def _linked(self, e: c.ReferralLinked) -> None:
        self.dispute = e

    def _closed(self, e: c.CaseClosed) -> None:
        self.status, self.closed_on = S.CLOSED, e.closed_on

    def _attached(self, e: c.CaseAttached) -> None:
        self.attachments.append(e)


_FOLDS: dict[type[DomainEvent], Callable[[PetitionCaseState, Any], None]] = {
    c.CaseRegistered: PetitionCaseState._registered,
    c.CaseAccepted: PetitionCaseState._accepted,
    c.CaseDeclined: PetitionCaseState._declined,
    c.CaseTransferred: PetitionCaseState._transferred,
    c.HandlingRecorded: PetitionCaseState._handled,
    c.HandlingExtended: PetitionCaseState._extended,
    c.CaseReplied: PetitionCaseState._replied,
    c.SatisfactionRecorded: PetitionCaseState._satisfaction,
    c.ReviewRequested: PetitionCaseState._review_requested,
    c.CaseReviewed: PetitionCaseState._reviewed,
    c.RecheckRequested: PetitionCaseState._recheck_requested,
    c.CaseRechecked: PetitionCaseState._rechecked,
    c.CaseReferredToMediation: PetitionCaseState._referred,
    c.ReferralLinked: PetitionCaseState._linked,
    c.CaseClosed: PetitionCaseState._closed,
    c.CaseAttached: PetitionCaseState._attached,
}
