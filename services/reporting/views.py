"""Reporting's own aggregates as read-model documents (what lists and figures read) and as API JSON."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from fazhi.clock import CHINA
from fazhi.dictionary import Dictionary
from fazhi.pii import Shape, shape_of, with_parts
from fazhi.store import Document
from services.reporting import contract as c
from services.reporting.alerts.contract import LABELS as ALERT_LABELS
from services.reporting.contract import LABELS, Report
from services.reporting.domain import AdvisorEngagement, Narrative, PublicityActivity, TableTwo, Training
from services.reporting.domain.narrative import SECTIONS_OF

SHAPES: dict[str, Shape] = {  # where each record keeps free text that may name or number someone
    PublicityActivity.stream_type: with_parts(
        shape_of(c.PublicityActivityRecorded), withdrawal_reason=shape_of(c.PublicityActivityWithdrawn)["reason"]),
    Training.stream_type: with_parts(
        shape_of(c.TrainingRecorded), withdrawal_reason=shape_of(c.TrainingWithdrawn)["reason"]),
    AdvisorEngagement.stream_type: with_parts(shape_of(c.AdvisorEngaged), opinions=shape_of(c.AdvisorOpinionGiven)),
    Narrative.stream_type: shape_of(c.NarrativeEdited),
    TableTwo.stream_type: shape_of(c.TableTwoEntered),
}


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), CHINA)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def project_publicity(a: PublicityActivity) -> list[Document]:
    data = {"id": a.id, "township": a.township, "held_on": a.held_on.isoformat(), "theme": a.theme,
            "title": a.title, "village": a.village, "participants": a.participants,
            "withdrawn_on": _iso(a.withdrawn_on), "withdrawal_reason": a.withdrawal_reason}
    return [Document(PublicityActivity.stream_type, a.id, a.township, a.version, data,
                     status="withdrawn" if a.withdrawn_on else "recorded", village=a.village, category=a.theme,
                     lookup_key=str(a.held_on.year), is_open=False, created_at=_midnight(a.held_on))]


def project_training(t: Training) -> list[Document]:
    data = {"id": t.id, "township": t.township, "held_on": t.held_on.isoformat(), "topic": t.topic,
            "attendees": t.attendees, "withdrawn_on": _iso(t.withdrawn_on), "withdrawal_reason": t.withdrawal_reason}
    return [Document(Training.stream_type, t.id, t.township, t.version, data,
                     status="withdrawn" if t.withdrawn_on else "recorded", lookup_key=str(t.held_on.year),
                     is_open=False, created_at=_midnight(t.held_on))]


def project_advisor(e: AdvisorEngagement) -> list[Document]:
    data = {"id": e.id, "township": e.township, "law_firm": e.law_firm, "advisor": e.advisor,
            "advises_government": e.advises_government, "villages": e.villages,
            "contract_start": e.contract_start.isoformat(), "contract_end": e.contract_end.isoformat(),
            "ended_on": _iso(e.ended_on), "last_day": e.last_day.isoformat(),
            "opinions": [{"given_on": o.given_on.isoformat(), "subject": o.subject} for o in e.opinions]}
    return [Document(AdvisorEngagement.stream_type, e.id, e.township, e.version, data,
                     status="ended" if e.ended_on else "engaged", lookup_key=e.law_firm, due_on=e.last_day,
                     is_open=e.ended_on is None, created_at=_midnight(e.contract_start))]


def narratives_key(report: Report, year: int) -> str:
    """What a report's texts of a year are looked up by (the rule-of-law report's: the year alone, as before)."""
    return str(year) if report is Report.RULE_OF_LAW else f"{report.value}:{year}"


def project_narrative(n: Narrative) -> list[Document]:
    data = {"id": n.id, "township": n.township, "report": n.report.value, "year": n.year, "section": n.section,
            "heading": SECTIONS_OF[n.report][n.section], "text": n.text, "placement": n.placement.value,
            "editor": n.editor}
    return [Document(Narrative.stream_type, n.id, n.township, n.version, data, category=str(n.section),
                     lookup_key=narratives_key(n.report, n.year), is_open=False,
                     created_at=_midnight(date(n.year, 1, 1)))]


def project_table_two(t: TableTwo) -> list[Document]:
    data = {"id": t.id, "township": t.township, "year": t.year, "licences": t.licences, "penalties": t.penalties,
            "enforcement": t.enforcement, "fees": str(t.fees), "source": t.source, "entered_by": t.entered_by}
    return [Document(TableTwo.stream_type, t.id, t.township, t.version, data, lookup_key=str(t.year),
                     is_open=False, created_at=_midnight(date(t.year, 1, 1)))]


DICTIONARY = Dictionary.of(LABELS, ALERT_LABELS)


def render(doc: Document) -> dict[str, Any]:
    """A document as the API shows it, with its `version` (the ETag) and a label beside `theme`."""
    return DICTIONARY.label({**doc.data, "version": doc.version}, {"theme": "theme"})
