"""The event every contender records: one realistic dispute registration.

All contenders write the same payload and metadata and serialize it inside the
timed loop (JSON, a fresh event id, timestamps), so none of them gets a cheaper job.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from typing import Any

from fazhi.events import NewEvent

EVENT_TYPE = "mediation.dispute.registered"
STREAM_TYPE = "dispute"
TOWNSHIP = "houtai"
TOPIC = "fazhi.bench:DisputeRegistered"  # eventsourcing's name for the same event class

DATA: dict[str, Any] = {
    "dispute_id": "d-000000000000",
    "village": "v07",
    "category": "neighbourhood",
    "summary": "邻里之间因宅基地边界发生纠纷，申请调解。",
    "parties": [
        {"role": "applicant", "name": "张三", "phone": "13800138000"},
        {"role": "respondent", "name": "李四", "phone": "13900139000"},
    ],
    "registered_on": "2026-04-30",
}
METADATA: dict[str, Any] = {"correlation_id": "c-bench", "causation_id": None, "actor": "officer-1"}


def new_event() -> NewEvent:
    return NewEvent(EVENT_TYPE, DATA)


def now() -> datetime:
    return datetime.now(timezone.utc)


def event_row(stream_id: str, version: int, at: datetime) -> tuple[Any, ...]:
    """A row of the kernel's `events` table as a raw driver would write it (SQLite types)."""
    stamp = at.isoformat()
    return (
        str(uuid.uuid4()), stream_id, STREAM_TYPE, version, EVENT_TYPE, 1, TOWNSHIP,
        json.dumps(DATA), json.dumps(METADATA), stamp, stamp,
    )


def stored_state(at: datetime) -> bytes:
    """What eventsourcing keeps in `state`: the payload, metadata and timestamp, as JSON."""
    return json.dumps({"data": DATA, "metadata": METADATA, "timestamp": at.isoformat()}).encode()
