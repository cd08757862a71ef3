"""The state of a disclosure request (依申请公开): a fold of its events."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from fazhi.aggregate import Aggregate
from fazhi.events import DomainEvent
from services.disclosure import contract as c
from services.disclosure.domain.deadlines import ClockFacts


class RequestStatus(StrEnum):
    """Where an application stands."""

    PROCESSING = "processing"  # the reply clock runs
    AWAITING_CORRECTION = "awaiting_correction"  # 补正: the clock is stopped until it arrives
    CONSULTING = "consulting"  # third party or other organ asked: the clock is paused
    ANSWERED = "answered"
    ABANDONED = "abandoned"


REQUEST_STATUS_LABELS = {
    RequestStatus.PROCESSING: "办理中", RequestStatus.AWAITING_CORRECTION: "待补正",
    RequestStatus.CONSULTING: "征求第三方意见中", RequestStatus.ANSWERED: "已答复", RequestStatus.ABANDONED: "视为放弃",
}


@dataclass(frozen=True)
class Consultation:
    """One consultation; `paused_workdays` is known once it is answered."""

    started: c.ConsultationStarted
    answer: c.ConsultationAnswered | None = None


@dataclass(frozen=True)
class Appeal:
    """An administrative review or lawsuit about the request, with its latest result."""

    filed_on: date
    result: c.CaseResult
    after_review: bool = False
    decided_on: date | None = None


class RequestState(Aggregate):
    """Everything known about one application; changed only by `apply`."""

    stream_type = "request"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.received: c.RequestReceived | None = None
        self.correction_asked: c.CorrectionAsked | None = None
        self.correction_received: c.CorrectionReceived | None = None
        self.consultations: list[Consultation] = []
        self.extension: c.RequestExtended | None = None
        self.fee: c.FeeCharged | None = None
        self.conclusion: c.RequestAnswered | c.RequestAbandoned | None = None
        self.review: Appeal | None = None
        self.lawsuit: Appeal | None = None
        self.last_act_on = date.min
        self.attachments: list[c.RequestAttached] = []

    def apply(self, event: DomainEvent) -> None:
        match event:
            case c.RequestReceived():
                self.received = event
            case c.CorrectionAsked():
                self.correction_asked = event
            case c.CorrectionReceived():
                self.correction_received = event
            case c.ConsultationStarted():
                self.consultations.append(Consultation(event))
            case c.ConsultationAnswered():
                self.consultations[-1] = replace(self.consultations[-1], answer=event)
            case c.RequestExtended():
                self.extension = event
            case c.FeeCharged():
                self.fee = event
            case c.RequestAnswered() | c.RequestAbandoned():
                self.conclusion = event
            case c.AdministrativeReviewRecorded():
                self.review = Appeal(event.filed_on, event.result)
            case c.AdministrativeReviewDecided() if self.review is not None:
                self.review = replace(self.review, result=event.result, decided_on=event.decided_on)
            case c.LawsuitRecorded():
                self.lawsuit = Appeal(event.filed_on, event.result, after_review=event.after_review)
            case c.LawsuitDecided() if self.lawsuit is not None:
                self.lawsuit = replace(self.lawsuit, result=event.result, decided_on=event.decided_on)
            case c.RequestAttached():
                self.attachments.append(event)
                return  # attaching a file is no act on the application: its dates stay as they are
        self.last_act_on = max(self.last_act_on, _act_date(event))

    @property
    def intake(self) -> c.RequestReceived:
        assert self.received is not None, "a request stream starts with its receipt"
        return self.received

    @property
    def status(self) -> RequestStatus:
        if isinstance(self.conclusion, c.RequestAnswered):
            return RequestStatus.ANSWERED
        if isinstance(self.conclusion, c.RequestAbandoned):
            return RequestStatus.ABANDONED
        if self.correction_asked is not None and self.correction_received is None:
            return RequestStatus.AWAITING_CORRECTION
        if self.open_consultation is not None:
            return RequestStatus.CONSULTING
        return RequestStatus.PROCESSING

    @property
    def open_consultation(self) -> c.ConsultationStarted | None:
        last = self.consultations[-1] if self.consultations else None
        return last.started if last is not None and last.answer is None else None

    @property
    def clock_started_on(self) -> date:
        """The reply period counts from receipt, or from the correction once it arrived (GIS Art. 33)."""
        return self.correction_received.received_on if self.correction_received else self.intake.received_on

    @property
    def clock_facts(self) -> ClockFacts:
        """The facts the reply clock is computed from."""
        if self.correction_asked is not None and self.correction_received is None:
            return ClockFacts(None)  # stopped for the correction, whether it is still awaited or never came
        closed = sum(x.answer.paused_workdays for x in self.consultations if x.answer is not None)
        open_ = self.open_consultation
        return ClockFacts(self.clock_started_on, closed, open_.consulted_on if open_ else None,
                          self.extension is not None, self.concluded_on)

    @property
    def concluded_on(self) -> date | None:
        match self.conclusion:
            case c.RequestAnswered():
                return self.conclusion.answered_on
            case c.RequestAbandoned():
                return self.conclusion.closed_on
        return None


# The date each event records as the day of its act, for keeping acts in order.
_ACT_DATE_FIELDS = ("answered_on", "closed_on", "asked_on", "consulted_on", "extended_on", "charged_on",
                    "filed_on", "decided_on", "received_on")  # received_on last: concluding events repeat it


def _act_date(event: DomainEvent) -> date:
    for name in _ACT_DATE_FIELDS:
        value = getattr(event, name, None)
        if isinstance(value, date):
            return value
    return date.min
