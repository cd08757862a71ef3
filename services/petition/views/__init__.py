"""Aggregates as read-model documents (what lists filter on) and as the JSON the API returns."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.dictionary import Dictionary
from fazhi.pii import Shape, shape_of, with_parts
from fazhi.recount import recount
from fazhi.store import Document
from fazhi.workdays import WorkCalendar
from services.petition import contract as c
from services.petition.contract import LABELS
from services.petition.domain import DeputySuggestion, PetitionCase, ReceptionDay
from services.petition.views.cases import DEADLINES, KEYS, case_data, project_case
from services.petition.views.meetings import project_reception_day, project_suggestion

__all__ = ["DICTIONARY", "KEYS", "SHAPES", "case_data", "project_case", "project_reception_day",
           "project_suggestion", "render"]

DICTIONARY = Dictionary.of(LABELS)
# Code fields shown with their label (`status_label`, …), by collection and dictionary.
LABELLED = {
    PetitionCase.stream_type: {"status": "case_status", "channel": "channel"},
    ReceptionDay.stream_type: {"status": "reception_status", "kind": "reception_kind"},
    DeputySuggestion.stream_type: {"status": "suggestion_status", "kind": "suggestion_kind"},
}
COUNTED = {PetitionCase.stream_type: DEADLINES, DeputySuggestion.stream_type: ("answer_by",)}

_OPINION = {"request": {}, "opinion": shape_of(c.CaseReviewed)}
SHAPES: dict[str, Shape] = {  # where each document keeps personal data: the contract objects it is made of
    PetitionCase.stream_type: with_parts(
        shape_of(c.CaseRegistered), acceptance={**shape_of(c.CaseDeclined), **shape_of(c.CaseTransferred)},
        handling=shape_of(c.HandlingRecorded), extension=shape_of(c.HandlingExtended), reply=shape_of(c.CaseReplied),
        review=_OPINION, recheck=_OPINION, referral=shape_of(c.CaseReferredToMediation),
    ),
    ReceptionDay.stream_type: with_parts(
        shape_of(c.ReceptionScheduled), summary=shape_of(c.ReceptionClosed)["summary"],
        cancellation=shape_of(c.ReceptionCancelled),
    ),
    DeputySuggestion.stream_type: with_parts(
        shape_of(c.SuggestionReceived), answers=shape_of(c.SuggestionAnswered), feedback=shape_of(c.FeedbackRecorded),
        rehandlings=shape_of(c.RehandlingStarted),
    ),
    KEYS: {},
}


def render(doc: Document, *, today: date, calendar: WorkCalendar) -> dict[str, Any]:
    """A document as the API shows it (in full): its `version`, deadlines counted on today's calendar (those
    in a year without a holiday notice `provisional`), and `overdue` as of today (a reception day is never
    overdue). Readers other than the desk get it masked by `SHAPES` (`api.deps.show`)."""
    body = {**doc.data, "version": doc.version}
    due = doc.due_on
    if doc.collection in COUNTED:
        moved, _ = recount(body, calendar, COUNTED[doc.collection])
        due = moved.get(due, due) if due is not None else None
    if doc.collection != ReceptionDay.stream_type:
        body["overdue"] = bool(doc.is_open and due is not None and due < today)
    return DICTIONARY.label(body, LABELLED.get(doc.collection, {}))
