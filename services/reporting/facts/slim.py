"""What a fact row keeps of an event: its facts, without people's particulars or free text."""

from __future__ import annotations

from typing import Any

from fazhi.events import RecordedEvent

# Free text can name people; figures never need it.
FREE_TEXT = frozenset({
    "description", "summary", "content", "claims", "answer", "note", "findings", "reason", "information_sought",
    "body", "terms", "facts", "points_in_dispute", "oral_content", "comment", "subject", "matter", "delivery",
    "attachment", "place", "missing", "author", "mediator", "visited_by", "approved_by", "reviewer", "court",
    "petitioner_keys", "matter_keys",
})
PARTICULARS = frozenset({"name", "id_number", "phone", "credit_code", "address"})


def _strip(value: Any) -> Any:
    # A person is an object with a name or an ID number: only their non-identifying fields stay (gender, role…).
    if isinstance(value, list):
        return [_strip(v) for v in value]
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in PARTICULARS}
    return value


def slim(event: RecordedEvent) -> dict[str, Any]:
    """The event as a fact row stores it: type, version, time, and its non-personal fields."""
    kept = {k: _strip(v) for k, v in event.data.items() if k not in FREE_TEXT}
    return {**kept, "type": event.type, "version": event.version, "occurred_at": event.occurred_at.isoformat()}
