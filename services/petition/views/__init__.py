"""Aggregates as read-model documents (what lists filter on) and as the JSON the API returns."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.dictionary import Dictionary
from fazhi.pii import mask_payload
from fazhi.store import Document
from services.petition.contract import LABELS
from services.petition.domain import DeputySuggestion, PetitionCase, ReceptionDay
from services.petition.views.cases import KEYS, case_data, project_case
from services.petition.views.meetings import project_reception_day, project_suggestion

__all__ = ["DICTIONARY", "KEYS", "case_data", "project_case", "project_reception_day", "project_suggestion", "render"]

DICTIONARY = Dictionary.of(LABELS)
# Code fields shown with their label (`status_label`, …), by collection and dictionary.
LABELLED = {
    PetitionCase.stream_type: {"status": "case_status", "channel": "channel"},
    ReceptionDay.stream_type: {"status": "reception_status", "kind": "reception_kind"},
    DeputySuggestion.stream_type: {"status": "suggestion_status", "kind": "suggestion_kind"},
}


def render(doc: Document, *, today: date, reveal_pii: bool) -> dict[str, Any]:
    """A document as the API shows it: its `version`, and `overdue` as of today (a reception day is
    never overdue); people masked for a reader from outside the township."""
    body = {**doc.data, "version": doc.version}
    if doc.collection != ReceptionDay.stream_type:
        body["overdue"] = bool(doc.is_open and doc.due_on is not None and doc.due_on < today)
    body = DICTIONARY.label(body, LABELLED.get(doc.collection, {}))
    return body if reveal_pii else mask_payload(body)
