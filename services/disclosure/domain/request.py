"""A disclosure request: received, corrected, consulted on, extended, answered or abandoned.

Periods in working days (STATUTES.md, Disclosure); each command takes the county calendar
and the day it is recorded on, checks the rules and returns the events it would cause.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fazhi.arrival import check_arrival
from fazhi.errors import InvalidInput, RuleViolation
from fazhi.events import DomainEvent
from fazhi.workdays import WorkCalendar
from services.disclosure import contract as c
from services.disclosure.domain.appeals import AppealCommands
from services.disclosure.domain.dates import check_date
from services.disclosure.domain.deadlines import (
    CONSULTATION_WORKDAYS, EXTENSION_WORKDAYS, REPLY_WORKDAYS, correction_window_ends, reply_clock,
)
from services.disclosure.domain.request_state import RequestStatus as S

Outcome = c.Outcome


class DisclosureRequest(AppealCommands):
    """An application for government information (依申请公开) and its reply clock."""

    def receive(self, intake: dict[str, Any], *, calendar: WorkCalendar, today: date, now: datetime,
                query_code: str | None = None, backdate_days: int = 365) -> list[DomainEvent]:
        """Register an application; `received_on` follows the channel's rule (GIS Art. 31), and lies within
        the county's limit back."""
        check_date(intake["received_on"], today=today, not_before=None, field="received_on")
        check_arrival(intake["received_on"], today, backdate_days)
        legal = intake["applicant_type"] == c.ApplicantType.LEGAL_PERSON
        if legal != (intake.get("org_type") is not None):
            raise InvalidInput("org_type is required for a legal person or other organization, and only then",
                               field="org_type")
        due = calendar.add_workdays(intake["received_on"], REPLY_WORKDAYS).on
        return [c.RequestReceived(registered_at=now, due_on=due, case_number=None, query_code=query_code, **intake)]

    def ask_correction(self, missing: str, correct_by: date, asked_on: date, *, calendar: WorkCalendar,
                       today: date) -> list[DomainEvent]:
        """Ask the applicant to correct the application (补正): once, within 7 working days of receipt."""
        self._require(S.PROCESSING, "a correction")
        if self.correction_asked is not None:
            raise RuleViolation("a correction can be asked for only once (GIS Art. 30)", field="id")
        if self.consultations:
            raise RuleViolation("a correction must be asked for before any consultation", field="id")
        self._dated(asked_on, today, "asked_on")
        window = correction_window_ends(self.intake.received_on, calendar)
        if asked_on > window:
            raise RuleViolation(f"a correction must be asked for within 7 working days of receipt,"
                                f" by {window.isoformat()} (GIS Art. 30)", field="asked_on")
        if correct_by <= asked_on:
            raise InvalidInput("correct_by must give the applicant time after asked_on", field="correct_by")
        return [c.CorrectionAsked(asked_on=asked_on, correct_by=correct_by, missing=missing)]

    def receive_correction(self, received_on: date, *, calendar: WorkCalendar, today: date) -> list[DomainEvent]:
        """The corrected application arrived: the reply period starts again from that day."""
        self._require(S.AWAITING_CORRECTION, "receiving a correction")
        self._dated(received_on, today, "received_on")
        due = calendar.add_workdays(received_on, REPLY_WORKDAYS).on
        return [c.CorrectionReceived(received_on=received_on, due_on=due)]

    def abandon(self, closed_on: date, *, today: date) -> list[DomainEvent]:
        """No correction by the applicant's deadline: close the application (其他处理 1)."""
        self._require(S.AWAITING_CORRECTION, "closing for want of a correction")
        self._dated(closed_on, today, "closed_on")
        assert self.correction_asked is not None
        if closed_on <= self.correction_asked.correct_by:
            raise RuleViolation(f"the applicant has until {self.correction_asked.correct_by.isoformat()}"
                                " to correct the application", field="closed_on")
        return [c.RequestAbandoned(closed_on=closed_on, due_on=None, on_time=True,
                                   **self._table_fields(Outcome.OTHER_NO_CORRECTION))]

    def consult(self, consultee: dict[str, Any], consulted_on: date, *, calendar: WorkCalendar,
                today: date) -> list[DomainEvent]:
        """Ask a third party or another organ; the reply clock pauses until they answer (GIS Art. 32)."""
        self._require(S.PROCESSING, "a consultation")
        self._dated(consulted_on, today, "consulted_on")
        self._before_deadline(consulted_on, calendar, "consulted_on")
        reply_by = calendar.add_workdays(consulted_on, CONSULTATION_WORKDAYS).on
        return [c.ConsultationStarted(consultee=consultee, consulted_on=consulted_on, reply_by=reply_by)]

    def consultation_answered(self, opinion: c.ConsultationOpinion, answered_on: date, *,
                              calendar: WorkCalendar, today: date) -> list[DomainEvent]:
        """The consulted party answered (or the time ran out): the clock runs again."""
        self._require(S.CONSULTING, "recording a consultation answer")
        self._dated(answered_on, today, "answered_on")
        started = self.open_consultation
        assert started is not None
        paused = calendar.workdays_between(started.consulted_on, answered_on)
        clock = reply_clock(self.clock_facts, calendar, answered_on)
        return [c.ConsultationAnswered(opinion=opinion, answered_on=answered_on, paused_workdays=paused,
                                       due_on=clock.effective_due_on)]

    def extend(self, reason: str, approved_by: str, roles: list[str], extended_on: date, *,
               calendar: WorkCalendar, today: date) -> list[DomainEvent]:
        """Extend the reply period once by 20 working days, before it runs out (GIS Art. 33)."""
        if self.status not in (S.PROCESSING, S.CONSULTING):
            raise RuleViolation(f"a {self.status} request cannot be extended", field="id")
        if self.extension is not None:
            raise RuleViolation("the reply period can be extended only once (GIS Art. 33)", field="id")
        self._dated(extended_on, today, "extended_on")
        due = self._before_deadline(extended_on, calendar, "extended_on")
        extended_due = calendar.add_workdays(due, EXTENSION_WORKDAYS).on
        return [c.RequestExtended(extended_on=extended_on, reason=reason, approved_by=approved_by,
                                  approver_roles=sorted(roles), extended_due_on=extended_due)]

    def charge_fee(self, amount: Decimal, basis: c.FeeBasis, note: str | None, charged_on: date, *,
                   today: date) -> list[DomainEvent]:
        """Record the processing fee for an excessive request (GIS Art. 42); free otherwise."""
        if self.conclusion is not None:
            raise RuleViolation(f"the request is already {self.status}", field="id")
        if self.fee is not None:
            raise RuleViolation("a fee was already charged on this request", field="id")
        self._dated(charged_on, today, "charged_on")
        return [c.FeeCharged(amount=amount, basis=basis, note=note, charged_on=charged_on)]

    def answer(self, outcome: Outcome, summary: str | None, answered_on: date, *, calendar: WorkCalendar,
               today: date) -> list[DomainEvent]:
        """Reply to the applicant with one of the template's outcomes (GIS Art. 36)."""
        self._require(S.PROCESSING, "an answer")
        self._check_outcome(outcome)
        self._dated(answered_on, today, "answered_on")
        clock = reply_clock(self.clock_facts, calendar, answered_on)
        due = clock.effective_due_on
        assert due is not None
        return [c.RequestAnswered(answered_on=answered_on, due_on=due, on_time=answered_on <= due,
                                  extended=self.extension is not None, summary=summary,
                                  **self._table_fields(outcome))]

    # -- checks --------------------------------------------------------------------

    def _check_outcome(self, outcome: Outcome) -> None:
        if outcome is Outcome.OTHER_NO_CORRECTION:
            raise RuleViolation("an application without its correction is closed with abandon", field="outcome")
        if outcome is Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION and self.correction_received is None:
            raise RuleViolation("this outcome needs a received correction", field="outcome")
        if outcome is Outcome.OTHER_FEE_UNPAID and self.fee is None:
            raise RuleViolation("this outcome needs a fee charged first", field="outcome")

    def _before_deadline(self, on: date, calendar: WorkCalendar, field: str) -> date:
        due = reply_clock(self.clock_facts, calendar, on).effective_due_on
        assert due is not None
        if on > due:
            raise RuleViolation(f"the reply period ended on {due.isoformat()}", field=field)
        return due

    def _table_fields(self, outcome: Outcome) -> dict[str, Any]:
        intake = self.intake
        return {"outcome": outcome, "applicant_type": intake.applicant_type, "org_type": intake.org_type,
                "received_on": intake.received_on}
