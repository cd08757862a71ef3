"""Overdue and due-soon work across the three services, from the fact rows' `due_on`."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.store import Document

WHAT_IS_DUE = {
    "mediation.dispute": "conclude the mediation",
    "mediation.committee": "renew the committee's term",
    "disclosure.request": "reply to the application",
    "disclosure.publication": "publish the item (20 working days after it was formed)",
    "petition.case": "decide, handle or re-examine the petition",
    "petition.reception_day": "hold the reception day",
    "petition.suggestion": "answer the suggestion",
}


def deadline_item(kind: str, doc: Document, today: date) -> dict[str, Any]:
    """One line of the list: what is due, by when, and how many days are left (negative: overdue)."""
    assert doc.due_on is not None
    facts = doc.data["facts"]
    return {
        "kind": kind, "service": kind.split(".", 1)[0], "id": doc.id, "township": doc.township,
        "village": doc.village, "status": doc.status, "category": doc.category, "title": facts.get("title"),
        "due": WHAT_IS_DUE[kind], "due_on": doc.due_on.isoformat(), "days_left": (doc.due_on - today).days,
        "overdue": doc.due_on < today,
    }


def split(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Overdue first (most overdue on top), then due soon (soonest on top)."""
    ordered = sorted(items, key=lambda i: (i["due_on"], i["kind"], i["id"]))
    return {"overdue": [i for i in ordered if i["overdue"]], "due_soon": [i for i in ordered if not i["overdue"]]}
