"""Aggregates as read-model documents (what lists filter on) and as the JSON the API returns."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.pii import Shape, shape_of, with_parts
from fazhi.store import Document
from services.petition import contract as c
from services.petition.domain import DeputySuggestion, PetitionCase, ReceptionDay
from services.petition.views.cases import KEYS, case_data, project_case
from services.petition.views.meetings import project_reception_day, project_suggestion

__all__ = ["KEYS", "SHAPES", "case_data", "project_case", "project_reception_day", "project_suggestion", "render"]

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


def render(doc: Document, *, today: date) -> dict[str, Any]:
    """A document as the API shows it (in full): its `version`, and `overdue` as of today (a reception
    day is never overdue). Readers other than the desk get it masked by `SHAPES` (`api.deps.show`)."""
    body = {**doc.data, "version": doc.version}
    if doc.collection != ReceptionDay.stream_type:
        body["overdue"] = bool(doc.is_open and doc.due_on is not None and doc.due_on < today)
    return body
