"""Administrative review (行政复议) and lawsuit (行政诉讼) about a request, for table 四."""

from __future__ import annotations

from datetime import date

from fazhi.errors import InvalidInput, RuleViolation
from fazhi.events import DomainEvent
from services.disclosure import contract as c
from services.disclosure.domain.dates import check_date
from services.disclosure.domain.request_state import RequestState, RequestStatus

PENDING = c.CaseResult.PENDING


class AppealCommands(RequestState):
    """Recording appeals and their results; the shared checks of every request command live here too."""

    def record_review(self, filed_on: date, result: c.CaseResult, *, today: date) -> list[DomainEvent]:
        """An administrative review was filed about this request (one per request)."""
        if self.review is not None:
            raise RuleViolation("an administrative review is already recorded", field="id")
        self._dated(filed_on, today, "filed_on", self.intake.received_on)
        return [c.AdministrativeReviewRecorded(filed_on=filed_on, result=result)]

    def decide_review(self, result: c.CaseResult, decided_on: date, *, today: date) -> list[DomainEvent]:
        """The review's result; a decided review is not decided again."""
        review = self.review
        if review is None or review.result is not PENDING:
            raise RuleViolation("there is no pending administrative review", field="id")
        _decided(result)
        self._dated(decided_on, today, "decided_on", review.filed_on)
        return [c.AdministrativeReviewDecided(result=result, decided_on=decided_on)]

    def record_lawsuit(self, filed_on: date, result: c.CaseResult, *, today: date) -> list[DomainEvent]:
        """A lawsuit was filed: after the review if one was decided, directly if none was filed."""
        if self.lawsuit is not None:
            raise RuleViolation("a lawsuit is already recorded", field="id")
        if self.review is not None and self.review.result is PENDING:
            raise RuleViolation("the administrative review is still pending", field="id")
        after_review = self.review is not None
        not_before = self.review.decided_on if self.review is not None else self.intake.received_on
        self._dated(filed_on, today, "filed_on", not_before)
        return [c.LawsuitRecorded(filed_on=filed_on, after_review=after_review, result=result)]

    def decide_lawsuit(self, result: c.CaseResult, decided_on: date, *, today: date) -> list[DomainEvent]:
        """The lawsuit's result."""
        lawsuit = self.lawsuit
        if lawsuit is None or lawsuit.result is not PENDING:
            raise RuleViolation("there is no pending lawsuit", field="id")
        _decided(result)
        self._dated(decided_on, today, "decided_on", lawsuit.filed_on)
        return [c.LawsuitDecided(result=result, decided_on=decided_on)]

    # -- checks shared by every request command --------------------------------------

    def _require(self, status: RequestStatus, what: str) -> None:
        if self.status is not status:
            raise RuleViolation(f"{what} needs a {status} request; this one is {self.status}", field="id")

    def _dated(self, on: date, today: date, field: str, not_before: date | None = None) -> None:
        """Acts are recorded in order: not in the future, not before the last recorded step."""
        bound = not_before if not_before is not None else self.last_act_on
        what = "receipt of the application" if bound == self.intake.received_on else ""
        check_date(on, today=today, not_before=bound, field=field, after_what=what)


def _decided(result: c.CaseResult) -> None:
    if result is PENDING:
        raise InvalidInput("a decision needs a result other than pending", field="result")
