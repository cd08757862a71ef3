"""An in-memory event store with the same contract, for unit tests of handlers."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from fazhi.clock import Clock
from fazhi.errors import ConcurrencyConflict
from fazhi.events import NewEvent, RecordedEvent
from fazhi.numbering import NUMBER_FIELD, NumberRequest, with_number
from fazhi.store import CounterFloor, Document, DocumentQuery, EventStore, ImportedStream, NumberTaken, Page


class InMemoryEventStore(EventStore):
    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or Clock()
        self.events: list[RecordedEvent] = []
        self.documents: dict[tuple[str, str], Document] = {}
        self.counters: dict[tuple[str, str, int], int] = {}

    async def append(
        self,
        stream_id: str,
        stream_type: str,
        township: str,
        events: Sequence[NewEvent],
        *,
        expected_version: int | None,
        metadata: dict[str, Any] | None = None,
        documents: Sequence[Document] = (),
        also: Callable[[Any], None] | None = None,
    ) -> int:
        if also is not None:
            raise NotImplementedError("the in-memory store has no tables for `also` to write to")
        if not events:
            raise ValueError("append needs at least one event")
        current = sum(1 for e in self.events if e.stream_id == stream_id)
        if expected_version is not None and expected_version != current:
            raise ConcurrencyConflict(stream_id, expected_version, current)
        now = self.clock.now()
        for offset, new in enumerate(events, start=1):
            self.events.append(RecordedEvent(
                event_id=str(uuid.uuid4()), stream_id=stream_id, stream_type=stream_type,
                version=current + offset, type=new.type, schema_version=new.schema_version,
                township=township, data=new.data, occurred_at=now, recorded_at=now,
                metadata=dict(metadata or {}), position=len(self.events) + 1,
            ))
        for doc in documents:
            old = self.documents.get((doc.collection, doc.id))
            created = old.created_at if old else (doc.created_at or now)
            self.documents[(doc.collection, doc.id)] = replace(doc, created_at=created)
        return current + len(events)

    async def append_numbered(
        self,
        stream_id: str,
        stream_type: str,
        township: str,
        events: Sequence[NewEvent],
        *,
        number: NumberRequest,
        metadata: dict[str, Any] | None = None,
        documents: Sequence[Document] = (),
    ) -> tuple[int, str]:
        if any(e.stream_id == stream_id for e in self.events):
            raise ConcurrencyConflict(stream_id, 0)
        key = (number.township, number.desk, number.year)
        given = number.format(self.counters.get(key, 0) + 1)
        numbered = [NewEvent(e.type, with_number(e.data, given), e.schema_version) for e in events]
        docs = [replace(d, data=with_number(d.data, given), number=given) if NUMBER_FIELD in d.data else d
                for d in documents]
        version = await self.append(stream_id, stream_type, township, numbered, expected_version=0,
                                    metadata=metadata, documents=docs)
        self.counters[key] = self.counters.get(key, 0) + 1
        return version, given

    async def import_streams(self, streams: Sequence[ImportedStream],
                             floors: Sequence[CounterFloor] = ()) -> list[str]:
        stored = {e.stream_id for e in self.events}
        fresh = [s for s in streams if s.stream_id not in stored]
        numbers = {(d.collection, d.township, d.number) for d in self.documents.values() if d.number}
        taken = sorted({s.number for s in fresh for d in s.documents if s.number is not None
                        and (d.collection, d.township, s.number) in numbers})
        if taken:
            raise NumberTaken(taken)
        for s in fresh:
            await self.append(s.stream_id, s.stream_type, s.township, s.events, expected_version=0,
                              metadata=s.metadata, documents=s.documents)
        for f in floors:
            key = (f.township, f.desk, f.year)
            self.counters[key] = max(self.counters.get(key, 0), f.last)
        return [s.stream_id for s in fresh]

    async def read_stream(self, stream_id: str) -> list[RecordedEvent]:
        return [e for e in self.events if e.stream_id == stream_id]

    async def read_all(self, after_position: int, limit: int = 500) -> list[RecordedEvent]:
        return self.events[after_position : after_position + limit]

    async def get_document(self, collection: str, id: str) -> Document | None:
        return self.documents.get((collection, id))

    async def list_documents(self, query: DocumentQuery) -> Page:
        def keep(d: Document) -> bool:
            if d.collection != query.collection:
                return False
            for column in ("township", "status", "village", "category", "severity", "lookup_key", "is_open", "number"):
                wanted = getattr(query, column)
                if wanted is not None and getattr(d, column) != wanted:
                    return False
            if query.overdue_on is not None and not (d.is_open and d.due_on and d.due_on < query.overdue_on):
                return False
            if query.due_before is not None and not (d.is_open and d.due_on and d.due_on <= query.due_before):
                return False
            if query.search and query.search not in (d.search_text or ""):
                return False
            return _in_ranges(d, query)

        items = sorted(filter(keep, self.documents.values()), key=lambda d: (d.created_at, d.id), reverse=True)
        if query.sort.lstrip("-") in ("received", "due"):
            column = "received_on" if query.sort.lstrip("-") == "received" else "due_on"
            dated = sorted((d for d in items if getattr(d, column)), key=lambda d: getattr(d, column),
                           reverse=query.sort.startswith("-"))
            items = dated + [d for d in items if not getattr(d, column)]
        elif query.sort == "registered":
            items.reverse()
        start = int(query.after) if query.after else 0
        page = items[start : start + query.limit]
        more = start + query.limit < len(items)
        return Page(page, str(start + query.limit) if more else None, total=len(items) if query.with_total else None)


def _in_ranges(d: Document, q: DocumentQuery) -> bool:
    checks = ((d.created_at, q.registered_from, None), (d.received_on, q.received_from, q.received_to),
              (d.due_on, q.due_from, q.due_to))
    for value, low, high in checks:
        if (low is not None or high is not None) and value is None:
            return False
        if low is not None and value < low or high is not None and value > high:
            return False
    return q.registered_to is None or (d.created_at is not None and d.created_at < q.registered_to)
