"""A request as a read-model document, and its JSON with the reply clock computed for today."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.pii import shape_of, with_parts
from fazhi.store import Document
from fazhi.workdays import WorkCalendar
from services.disclosure import contract as c
from services.disclosure.contract import OUTCOME_LABELS
from services.disclosure.domain.deadlines import ClockFacts, fixed_due_on, reply_clock
from services.disclosure.domain.request import DisclosureRequest
from services.disclosure.domain.request_state import Appeal
from services.disclosure.views import DICTIONARY

COLLECTION = DisclosureRequest.stream_type
LABELLED = {"status": "request_status", "channel": "request_channel", "applicant_type": "applicant_type",
            "org_type": "org_type"}  # code fields shown with their label, by dictionary
SHAPE = with_parts(  # where the document keeps personal data: the contract objects it is made of
    shape_of(c.RequestReceived), correction=shape_of(c.CorrectionAsked), consultations=shape_of(c.ConsultationStarted),
    extension=shape_of(c.RequestExtended), fee=shape_of(c.FeeCharged), conclusion=shape_of(c.RequestAnswered),
)


def request_documents(request: DisclosureRequest, calendar: WorkCalendar) -> list[Document]:
    """One document per request; `due_on` is set only while the clock runs, so `overdue` lists work."""
    intake = request.intake
    data = {
        "id": request.id, "township": request.township, "version": request.version, "status": request.status,
        **intake.model_dump(mode="json", exclude={"due_on"}),
        "fee": _dump(request.fee), "free": request.fee is None,
        "correction": _correction(request),
        "consultations": [{**x.started.model_dump(mode="json"), **_answer(x.answer)}
                          for x in request.consultations],
        "extension": _dump(request.extension),
        "conclusion": _conclusion(request),
        "administrative_review": _appeal(request.review, lawsuit=False),
        "lawsuit": _appeal(request.lawsuit, lawsuit=True),
        "clock": request.clock_facts.to_json(),
    }
    return [Document(COLLECTION, request.id, request.township, request.version, data, status=request.status,
                     category=intake.applicant_type, due_on=fixed_due_on(request.clock_facts, calendar),
                     is_open=request.conclusion is None, created_at=intake.registered_at,
                     number=intake.case_number, received_on=intake.received_on,
                     search_text=intake.applicant.name)]


def render_request(data: dict[str, Any], calendar: WorkCalendar, today: date, *,
                   own_township: bool = True) -> dict[str, Any]:
    """The case as JSON, with `due_on`, `extended_due_on`, `paused_workdays`, `provisional`, `overdue`;
    the applicant's query code only for the township's own desk."""
    clock = reply_clock(ClockFacts.from_json(data["clock"]), calendar, today)
    hidden = ("clock",) if own_township else ("clock", "query_code")
    shown = {k: v for k, v in data.items() if k not in hidden}
    return DICTIONARY.label({
        **shown,
        "due_on": _iso(clock.due_on), "extended_due_on": _iso(clock.extended_due_on),
        "paused_workdays": clock.paused_workdays, "provisional": clock.provisional, "overdue": clock.overdue,
    }, LABELLED)


def _correction(request: DisclosureRequest) -> dict[str, Any] | None:
    if request.correction_asked is None:
        return None
    received = request.correction_received
    return {**request.correction_asked.model_dump(mode="json"),
            "received_on": received.received_on.isoformat() if received else None}


def _answer(answer: Any) -> dict[str, Any]:
    if answer is None:
        return {"opinion": None, "answered_on": None, "paused_workdays": None}
    return answer.model_dump(mode="json", exclude={"due_on"})


def _conclusion(request: DisclosureRequest) -> dict[str, Any] | None:
    if request.conclusion is None:
        return None
    dumped = request.conclusion.model_dump(mode="json", exclude={"applicant_type", "org_type", "received_on"})
    return {"kind": request.status, "outcome_label": OUTCOME_LABELS[request.conclusion.outcome], **dumped}


def _dump(event: Any) -> dict[str, Any] | None:
    return event.model_dump(mode="json") if event is not None else None


def _appeal(appeal: Appeal | None, *, lawsuit: bool) -> dict[str, Any] | None:
    if appeal is None:
        return None
    shown = {"filed_on": appeal.filed_on.isoformat(), "result": appeal.result,
             "decided_on": _iso(appeal.decided_on)}
    return {**shown, "after_review": appeal.after_review} if lawsuit else shown


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
