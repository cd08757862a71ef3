"""An in-memory event store with the same contract, for unit tests of handlers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from fazhi.clock import Clock
from fazhi.errors import ConcurrencyConflict
from fazhi.events import NewEvent, RecordedEvent
from fazhi.store import Document, DocumentQuery, EventStore, Page


class InMemoryEventStore(EventStore):
    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or Clock()
        self.events: list[RecordedEvent] = []
        self.documents: dict[tuple[str, str], Document] = {}

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
    ) -> int:
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
            for column in ("township", "status", "village", "category", "severity", "lookup_key", "is_open"):
                wanted = getattr(query, column)
                if wanted is not None and getattr(d, column) != wanted:
                    return False
            if query.overdue_on is not None and not (d.is_open and d.due_on and d.due_on < query.overdue_on):
                return False
            if query.due_before is not None and not (d.is_open and d.due_on and d.due_on <= query.due_before):
                return False
            if query.created_since is not None and not (d.created_at and d.created_at >= query.created_since):
                return False
            if query.created_before is not None and not (d.created_at and d.created_at < query.created_before):
                return False
            return True

        items = sorted(filter(keep, self.documents.values()), key=lambda d: (d.created_at, d.id), reverse=True)
        start = int(query.after) if query.after else 0
        page = items[start : start + query.limit]
        more = start + query.limit < len(items)
        return Page(page, str(start + query.limit) if more else None)
