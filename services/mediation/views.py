"""Aggregates as read-model documents (what lists filter on) and as the JSON the API returns."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from fazhi.clock import CHINA
from fazhi.dictionary import Dictionary
from fazhi.pii import Shape, shape_of, with_parts
from fazhi.recount import PERIODS, period, recount, recounted
from fazhi.store import Document
from fazhi.workdays import WorkCalendar
from services.mediation import contract as c
from services.mediation.contract import DisputeStatus as S
from services.mediation.contract import LABELS, SEVERITY_REASON_LABELS, Gender, MediatorKind
from services.mediation.domain import Committee, Dispute, ScreeningRound
from services.mediation.domain.dispute_state import IN_MEDIATION
from services.mediation.domain.policy import Policy

DEADLINES = ("conclude_by", "judicial_confirmation_by")


DICTIONARY = Dictionary.of(LABELS, severity_reason=SEVERITY_REASON_LABELS)
# Code fields shown with their label (`category_label`, a list's `risk_flags_labels`), by dictionary.
DISPUTE_LABELS = {"category": "category", "level": "level", "source": "source", "status": "dispute_status",
                  "severity": "severity", "risk_flags": "risk_flag", "severity_reasons": "severity_reason"}
COMMITTEE_LABELS = {"level": "level"}


SHAPES: dict[str, Shape] = {  # where each document keeps personal data: the contract objects it is made of
    Dispute.stream_type: with_parts(
        shape_of(c.DisputeRegistered), sessions=shape_of(c.SessionRecorded), agreement=shape_of(c.AgreementReached),
        failure=shape_of(c.MediationFailed), performance=shape_of(c.PerformanceRecorded),
        follow_ups=shape_of(c.FollowUpRecorded), decline=shape_of(c.DisputeDeclined),
        escalations=shape_of(c.DisputeEscalated),
    ),
    Committee.stream_type: shape_of(c.CommitteeRegistered),
    ScreeningRound.stream_type: shape_of(c.ScreeningReported),
}


def _json(value: Any) -> Any:
    return value.model_dump(mode="json") if value is not None else None


def due_on(d: Dispute) -> date | None:
    """What the case is due for now: concluding the mediation, or (agreed) the confirmation window's end."""
    if d.status in IN_MEDIATION or d.status is S.REGISTERED:
        return d.conclude_by
    if d.status is S.AGREED and d.agreement is not None:
        return d.agreement.confirmation_by
    return None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def dispute_data(d: Dispute) -> dict[str, Any]:
    """The whole case as JSON (without `overdue`, which depends on the day it is read)."""
    agreement = d.agreement
    return {
        "id": d.id, "township": d.township, "level": d.level, "village": d.village, "source": d.source,
        "category": d.category, "parties": [_json(p) for p in d.parties], "people_involved": d.people_involved,
        "amount": str(d.amount) if d.amount is not None else None, "description": d.description,
        "risk_flags": list(d.risk_flags), "referral_case_id": d.referral_case_id,
        "case_number": d.case_number, "received_on": d.received_on.isoformat(),
        "registered_at": d.registered_at.isoformat() if d.registered_at else None,
        "registered_on": d.registered_on.isoformat(), "status": d.status, "severity": d.severity,
        "severity_reasons": list(d.reasons), "mediator": d.mediator, "committee_id": d.committee_id,
        "accepted_on": _iso(d.accepted_on),
        "sessions": [_json(s) for s in d.sessions], "agreement": _json(agreement), "failure": _json(d.failure),
        "judicial_confirmation": _json(d.confirmation), "performance": _json(d.performance),
        "follow_ups": [_json(f) for f in d.follow_ups], "decline": _json(d.declined),
        "escalations": [_json(e) for e in d.escalations], "closed_on": _iso(d.closed_on),
        "reopenings": d.reopenings,
        "deadlines": {
            "conclude_by": _iso(d.conclude_by),
            "judicial_confirmation_by": _iso(agreement.confirmation_by) if agreement else None,
            "performance_by": _iso(agreement.performance_deadline) if agreement else None,
        },
        "due_on": _iso(due_on(d)),
        PERIODS: {name: period(start, days) for name, (start, days) in _periods(d).items()},
    }


def _periods(d: Dispute) -> dict[str, tuple[date, int]]:
    periods = {}
    if d.conclude_period is not None:
        periods["conclude_by"] = d.conclude_period
    if d.agreement is not None and d.agreement.confirmation_days is not None:
        periods["judicial_confirmation_by"] = (d.agreement.agreed_on, d.agreement.confirmation_days)
    return periods


def search_text(names: list[str]) -> str:
    """What a search by name looks in: every party's name, one per line."""
    return "\n".join(names)


def project_dispute(d: Dispute, calendar: WorkCalendar | None = None) -> list[Document]:
    """The list row: only an unconcluded mediation can be overdue, so only it carries `due_on`; with a
    calendar, deadlines counted on it (a holiday notice may have come since they were first counted)."""
    concluding = d.status in IN_MEDIATION or d.status is S.REGISTERED
    data, due = recounted(dispute_data(d), calendar, DEADLINES, d.conclude_by if concluding else None)
    return [Document(
        collection=Dispute.stream_type, id=d.id, township=d.township, version=d.version, data=data,
        status=d.status, village=d.village, category=d.category, severity=d.severity,
        due_on=due, is_open=d.is_open, created_at=d.registered_at,
        number=d.case_number, received_on=d.received_on, search_text=search_text([p.name for p in d.parties]),
    )]


def project_committee(k: Committee) -> list[Document]:
    data = {
        "id": k.id, "township": k.township, "level": k.level, "village": k.village, "name": k.name,
        "members": [_json(m) for m in k.members], "term_start": k.term_start.isoformat(),
        "term_end": k.term_end.isoformat(),
        "full_time_mediators": sum(m.kind is MediatorKind.FULL_TIME for m in k.members),
        "women": sum(m.gender is Gender.FEMALE for m in k.members),
    }
    return [Document(
        collection=Committee.stream_type, id=k.id, township=k.township, version=k.version, data=data,
        village=k.village, category=k.level, lookup_key=committee_key(k.level, k.village), due_on=k.term_end,
        created_at=_local_midnight(k.term_start),
    )]


def committee_key(level: str, village: str | None) -> str:
    """One committee per township and per village: the key a second registration is checked against."""
    return f"{level}:{village or '-'}"


def project_screening(r: ScreeningRound) -> list[Document]:
    data = {"id": r.id, "township": r.township, "village": r.village, "month": r.month,
            "dispute_ids": r.dispute_ids, "zero_report": r.zero_report, "reported_on": r.reported_on.isoformat()}
    return [Document(
        collection=ScreeningRound.stream_type, id=r.id, township=r.township, version=r.version, data=data,
        village=r.village, lookup_key=r.month, is_open=False, created_at=_local_midnight(r.reported_on),
    )]


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), CHINA)


def render(doc: Document, *, today: date, policy: Policy) -> dict[str, Any]:
    """A document as the API shows it (in full): `version`, and for cases deadlines on today's calendar and
    `overdue` as of today. Readers other than the case's desk get it masked by `SHAPES` (see `api.deps`)."""
    body = {**doc.data, "version": doc.version}
    if doc.collection == Dispute.stream_type:
        moved, _ = recount(body, policy.calendar, DEADLINES)
        due = moved.get(doc.due_on, doc.due_on) if doc.due_on is not None else None
        body["overdue"] = bool(doc.is_open and due is not None and due < today)
        body = DICTIONARY.label(body, DISPUTE_LABELS)
    if doc.collection == Committee.stream_type:
        body["term_expired"] = doc.due_on is not None and doc.due_on < today
        body = DICTIONARY.label(body, COMMITTEE_LABELS)
    return body
