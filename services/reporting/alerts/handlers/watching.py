"""Keeping the timer's view of other services' cases: watches, petitioners' cases, screening reports.

Consumers hand events to one `WatchWriter`, which writes whatever has queued up in one
transaction (as the event store's group commit does): a burst of events costs one
commit, and an alert's own append never waits behind a queue of small ones.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, select, text

from fazhi.events import RecordedEvent
from fazhi.service import Runtime
from fazhi.store import Document
from fazhi.store.tables import documents
from services.mediation import contract as mc
from services.petition import contract as pc
from services.reporting.alerts.domain.watch import CaseWatch, advance, watched
from services.reporting.alerts.views import WATCH, watch_documents

PETITIONERS = "alert_petitioner"
SCREENINGS = "alert_screening"
WATCH_LOCK = 7_424_107  # PostgreSQL advisory lock: replicas apply watches one transaction at a time
_NAMESPACE = uuid.UUID("0c9a4c1e-7f3b-4a57-9d16-5b2e8f1a6c33")


def screening_id(township: str, village: str, month: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{township}:{village}:{month}"))


def petitioner_id(township: str, person_key: str) -> str:
    """One person's petitions in one township (the alert goes to that township)."""
    return str(uuid.uuid5(_NAMESPACE, f"{township}:{person_key}"))


@dataclass
class Outcome:
    """What an event left behind: its case's watch (`moved`: its deadlines changed), and (a petition) each
    of its people's cases by day."""

    watch: CaseWatch | None = None
    moved: bool = False
    petitioners: list[dict[str, date]] = field(default_factory=list)


@dataclass
class _Batch:
    """The rows a batch reads (fetched once) and those it changes (written once, at the end)."""

    docs: dict[tuple[str, str], Document] = field(default_factory=dict)
    changed: set[tuple[str, str]] = field(default_factory=set)

    def put(self, *docs: Document, changed: bool = True) -> None:
        for doc in docs:
            self.docs[(doc.collection, doc.id)] = doc
            if changed:
                self.changed.add((doc.collection, doc.id))


class WatchWriter:
    """Applies events, many per transaction; per case in stream-version order whatever order they came in."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._queue: list[tuple[RecordedEvent, asyncio.Future[Outcome]]] = []
        self._task: asyncio.Task[None] | None = None

    async def apply(self, event: RecordedEvent) -> Outcome:
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._queue.append((event, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain(), name="alerts-watch-writer")
        return await future

    async def _drain(self) -> None:
        while self._queue:
            batch, self._queue = self._queue, []
            batch.sort(key=lambda item: (item[0].stream_id, item[0].version))
            try:
                results = await self._write([event for event, _ in batch])
            except Exception as error:  # the database is away: every waiting consumer hears it and retries
                results = [error] * len(batch)
            for (_, future), result in zip(batch, results, strict=True):
                if future.done():
                    continue
                if isinstance(result, BaseException):
                    future.set_exception(result)
                else:
                    future.set_result(result)

    async def _write(self, events: list[RecordedEvent]) -> list[Outcome | BaseException]:
        return await self.runtime.store.write(lambda conn: self._write_in(conn, events))

    def _write_in(self, conn: Connection, events: list[RecordedEvent]) -> list[Outcome | BaseException]:
        store = self.runtime.store
        if store.is_postgres:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WATCH_LOCK})
        batch = _Batch()
        _prefetch(conn, events, batch)
        out: list[Outcome | BaseException] = []
        for event in events:
            try:
                out.append(self._one(event, batch))
            except Exception as error:  # this event only (out of order, unreadable): the others go on
                out.append(error)
        store.write_documents(conn, [batch.docs[key] for key in batch.changed])
        return out

    def _one(self, event: RecordedEvent, batch: _Batch) -> Outcome:
        outcome = Outcome()
        if watched(event):
            before = batch.docs.get((WATCH, event.stream_id))
            watch = CaseWatch.from_data(before.data) if before else None
            outcome.watch = advance(watch, event, self.runtime.county.rules_for(event.township))
            if outcome.watch is not None and outcome.watch != watch:
                batch.put(*watch_documents(outcome.watch))
                # a new case has no deadline alert to resolve yet: only a change to a known one counts
                outcome.moved = watch is not None and _deadlines(outcome.watch) != _deadlines(watch)
        if event.type == pc.CaseRegistered.type:
            outcome.petitioners = _petitioners(event, batch)
        if event.type == mc.ScreeningReported.type:
            data = event.data
            batch.put(Document(collection=SCREENINGS, id=screening_id(event.township, data["village"], data["month"]),
                               township=event.township, version=1, village=data["village"],
                               lookup_key=data["month"], data={"round_id": data["round_id"]}))
        return outcome


def _petitioners(event: RecordedEvent, batch: _Batch) -> list[dict[str, date]]:
    """Add the case to each of its people's lists (people with an ID number, as hashed keys)."""
    people: list[dict[str, date]] = []
    day = event.data["registered_on"]
    for key in event.data.get("petitioner_keys", []):
        row = batch.docs.get((PETITIONERS, petitioner_id(event.township, key)))
        cases: dict[str, Any] = {**(row.data["cases"] if row else {}), event.data["case_id"]: day}
        batch.put(Document(collection=PETITIONERS, id=petitioner_id(event.township, key), township=event.township,
                           version=len(cases), data={"cases": cases}))
        people.append({case: date.fromisoformat(on) for case, on in cases.items()})
    return people


def _deadlines(w: CaseWatch) -> tuple[Any, ...]:
    return w.open, w.due_on, w.village_due_on


# Built once: a statement made per call is compiled (or its cache key computed) per call.
_STORED = select(documents).where(documents.c.collection == bindparam("collection"),
                                  documents.c.id.in_(bindparam("ids", expanding=True)))


def _prefetch(conn: Connection, events: list[RecordedEvent], batch: _Batch) -> None:
    """The stored rows the batch reads, in one query per collection."""
    wanted = {WATCH: {e.stream_id for e in events if watched(e)},
              PETITIONERS: {petitioner_id(e.township, key) for e in events if e.type == pc.CaseRegistered.type
                            for key in e.data.get("petitioner_keys", [])}}
    for collection, ids in wanted.items():
        if ids:
            for row in conn.execute(_STORED, {"collection": collection, "ids": list(ids)}).mappings():
                batch.put(Document(**{name: row[name] for name in Document.__dataclass_fields__}), changed=False)
