"""Reception days and deputies' suggestions as read-model documents."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from fazhi.clock import CHINA
from fazhi.recount import PERIODS, period, periods_json, recounted
from fazhi.store import Document
from fazhi.workdays import WorkCalendar
from services.petition.domain import DeputySuggestion, ReceptionDay
from services.petition.domain.periods import answer_months


def _json(value: Any, id_field: str) -> Any:
    return value.model_dump(mode="json", exclude={id_field}) if value is not None else None


def project_reception_day(r: ReceptionDay) -> list[Document]:
    s = r.scheduled
    assert s is not None
    data = {
        "id": r.id, "township": r.township, "status": r.status, "kind": s.kind, "day": s.day.isoformat(),
        "place": s.place, "leader": s.leader, "participants": [p.model_dump(mode="json") for p in s.participants],
        "held_on": r.held_on.isoformat() if r.held_on else None, "visitors": r.visitors,
        "case_ids": list(r.case_ids), "summary": r.summary,
        "closed_on": r.closed_on.isoformat() if r.closed_on else None,
        "cancellation": _json(r.cancelled, "reception_day_id"),
    }
    return [Document(
        collection=ReceptionDay.stream_type, id=r.id, township=r.township, version=r.version, data=data,
        status=r.status, category=s.kind, due_on=s.day, is_open=r.is_open,
        created_at=datetime.combine(s.day, time(), CHINA),  # listed by the day of the reception
    )]


def project_suggestion(s: DeputySuggestion, calendar: WorkCalendar | None = None) -> list[Document]:
    received = s.received
    assert received is not None
    data = {
        "id": s.id, "township": s.township, "case_number": received.case_number, "status": s.status,
        "kind": received.kind, "author": received.author, "registered_at": received.received_at.isoformat(),
        "title": received.title, "content": received.content, "received_on": received.received_on.isoformat(),
        "assignment": _json(s.assignment, "suggestion_id"), "round": s.round,
        "answers": [_json(a, "suggestion_id") for a in s.answers],
        "feedback": [_json(f, "suggestion_id") for f in s.feedback],
        "rehandlings": [_json(r, "suggestion_id") for r in s.rehandlings],
        "answer_due_on": s.answer_due_on.isoformat() if s.answer_due_on else None,
        "due_on": s.due_on.isoformat() if s.due_on else None,
        "deadlines": {"answer_by": s.answer_due_on.isoformat() if s.answer_due_on else None},
        PERIODS: periods_json({"answer_by": period(_answer_from(s), answer_months(s.assignment.complex)
                                                    if s.assignment else None, "months")}),
    }
    data, due = recounted(data, calendar, ("answer_by",), s.due_on)
    return [Document(
        collection=DeputySuggestion.stream_type, id=s.id, township=s.township, version=s.version, data=data,
        status=s.status, category=received.kind, due_on=due, is_open=s.is_open, created_at=s.received_at,
        number=received.case_number, received_on=received.received_on, search_text=received.author,
    )]


def _answer_from(s: DeputySuggestion) -> date | None:
    """The day the answer's period started: the assignment, or the latest re-handling."""
    if s.rehandlings:
        return s.rehandlings[-1].started_on
    return s.assignment.assigned_on if s.assignment else None
