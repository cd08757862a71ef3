"""Rebuilding a service's own read models by replaying its event store from the start."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy import delete, select, text

from fazhi.aggregate import Aggregate
from fazhi.commands import Project
from fazhi.recount import recount
from fazhi.store import Document, DocumentQuery
from fazhi.store.sql import APPEND_LOCK, SqlEventStore
from fazhi.store.tables import documents
from fazhi.workdays import WorkCalendar

log = structlog.get_logger("fazhi.projections")


@dataclass(frozen=True)
class ReadModel:
    """How one aggregate type turns into documents: its class and its projection."""

    aggregate: type[Aggregate]
    project: Project[Any]


async def rebuild_documents(store: SqlEventStore, models: Mapping[str, ReadModel], batch: int = 2000) -> dict[str, int]:
    """Drop the documents of `models` and write them again from every stored event.

    Gives the same rows as the incremental path, because both run the same fold and projection.
    """
    streams: dict[str, list[Any]] = {}
    position = 0
    while chunk := await store.read_all(position, batch):
        for event in chunk:
            if event.stream_type in models:
                streams.setdefault(event.stream_id, []).append(event)
        position = chunk[-1].position or position
    rebuilt: dict[str, int] = {}
    async with store.transaction() as conn:
        collections = {doc_collection(m) for m in models.values()}
        await conn.execute(delete(documents).where(documents.c.collection.in_(collections)))
        for stream_id, history in streams.items():
            model = models[history[0].stream_type]
            aggregate = model.aggregate.from_history(stream_id, history[0].township, history)
            await store.upsert_documents(conn, model.project(aggregate))
            rebuilt[history[0].stream_type] = rebuilt.get(history[0].stream_type, 0) + 1
    return rebuilt


def doc_collection(model: ReadModel) -> str:
    """By convention a read model's collection is its aggregate's stream type."""
    return model.aggregate.stream_type


def moved_deadlines(calendar: WorkCalendar, names: tuple[str, ...]) -> Callable[[Document], bool]:
    """Whether counting a document's deadlines `names` on `calendar` moves any of them (fazhi/recount.py)."""

    def moved(doc: Document) -> bool:
        changes, _ = recount(dict(doc.data), calendar, names)
        return any(old != new for old, new in changes.items())

    return moved


async def refresh_deadlines(store: SqlEventStore, models: Mapping[str, ReadModel],
                            stale: Mapping[str, Callable[[Document], bool]]) -> int:
    """Project again the open cases whose deadlines a holiday notice added since moved (at start-up).

    Bodies are recounted on every read; this brings the `due_on` column that lists filter and
    sort on up to date too. `stale` tells, per collection, a document a new count would change
    (e.g. `moved_deadlines`). Returns how many documents were rewritten.
    """
    rewritten = 0
    for stream_type, is_stale in stale.items():
        model, after, stale_docs = models[stream_type], None, []
        while True:
            page = await store.list_documents(DocumentQuery(stream_type, None, is_open=True, after=after, limit=500))
            stale_docs += [doc for doc in page.items if is_stale(doc)]
            if page.next_cursor is None:
                break
            after = page.next_cursor
        for doc in stale_docs:
            aggregate = model.aggregate.from_history(doc.id, doc.township, await store.read_stream(doc.id))
            async with store.transaction() as conn:
                if store.is_postgres:  # no append may slip in between the check and the write
                    await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPEND_LOCK})
                version = await conn.scalar(select(documents.c.version).where(
                    documents.c.collection == stream_type, documents.c.id == doc.id))
                if version == aggregate.version:  # else a command rewrote it meanwhile, with today's calendar
                    await store.upsert_documents(conn, model.project(aggregate))
                    rewritten += 1
    if rewritten:
        log.info("projections.deadlines_refreshed", documents=rewritten)
    return rewritten
