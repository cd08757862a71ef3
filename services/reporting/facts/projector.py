"""The projector: merges one event into its case's fact row, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select, text

from fazhi.events import RecordedEvent
from fazhi.store import Document
from fazhi.store.sql import SqlEventStore
from fazhi.store.tables import documents
from fazhi.workdays import WorkCalendar
from services.reporting.facts.fold import Folded
from services.reporting.facts.kinds import Kind, kind_of
from services.reporting.facts.slim import slim

# Built once: a statement made per call is compiled (or its cache key computed) per call.
_FACT_ROW = select(documents.c.data).where(documents.c.collection == bindparam("collection"),
                                           documents.c.id == bindparam("id"))
FACT_LOCK = 7_424_004  # the namespace of the per-case advisory locks below (two-key form: apart from the kernel's)


class FactProjector:
    """`projector(conn, event)`: the fact row of the event's case, with the event merged in.

    Used by the durable consumers (through `fazhi.subscriptions.tracked`) and by the rebuild alike,
    inside the store's `write` transaction.
    """

    def __init__(self, store: SqlEventStore, calendar: WorkCalendar) -> None:
        self.store = store
        self.calendar = calendar

    def __call__(self, conn: Connection, event: RecordedEvent) -> None:
        kind = kind_of(event.type)
        if kind is None:
            return  # an aggregate no figure counts
        if self.store.is_postgres:
            # Read, merge, write: two transactions merging into the same case at once (two replicas, or
            # the one-by-one fallback after a failed batch) would each write the row without the other's
            # event. The lock also covers a case whose row does not exist yet, which FOR UPDATE cannot.
            conn.execute(text("SELECT pg_advisory_xact_lock(:ns, hashtext(:case))"),
                         {"ns": FACT_LOCK, "case": event.stream_id})
        row = conn.execute(_FACT_ROW, {"collection": kind.collection, "id": event.stream_id}).first()
        events = dict(row.data["events"]) if row else {}
        events[str(event.version)] = slim(event)  # the same event again replaces itself: a merge
        folded = kind.fold(events.values(), self.calendar)
        self.store.write_documents(conn, [fact_row(kind, event.stream_id, event.township, events, folded)])


def fact_row(kind: Kind, case_id: str, township: str, events: Mapping[str, Any], folded: Folded) -> Document:
    """The document of one case: its slimmed events and their summary, with the columns lists filter on."""
    return Document(
        collection=kind.collection, id=case_id, township=township, version=max(map(int, events)),
        data={"events": dict(events), "facts": folded.summary}, status=folded.status, village=folded.village,
        category=folded.category, due_on=folded.due_on, is_open=folded.is_open,
        created_at=datetime.fromisoformat(folded.created) if folded.created else None,
    )
