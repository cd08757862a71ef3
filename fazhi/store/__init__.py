"""The event store interface; `sql` is the real one (SQLite, PostgreSQL), `memory` the fake."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from fazhi.events import NewEvent, RecordedEvent


@dataclass(frozen=True)
class Document:
    """A read-model row, written in the same transaction as the events it reflects.

    The named columns are the ones officers filter lists by; `data` is the rest.
    """

    collection: str
    id: str
    township: str
    version: int
    data: dict[str, Any]
    status: str | None = None
    village: str | None = None
    category: str | None = None
    severity: str | None = None
    lookup_key: str | None = None
    due_on: date | None = None
    is_open: bool = True
    created_at: datetime | None = None


@dataclass(frozen=True)
class DocumentQuery:
    """Filters for a list; `None` means "any". `overdue_on` keeps open documents due before it."""

    collection: str
    township: str | None
    status: str | None = None
    village: str | None = None
    category: str | None = None
    severity: str | None = None
    lookup_key: str | None = None
    overdue_on: date | None = None
    due_before: date | None = None
    is_open: bool | None = None
    created_since: datetime | None = None  # created_at ≥ this
    created_before: datetime | None = None  # created_at < this
    after: str | None = None
    limit: int = 50


@dataclass(frozen=True)
class Page:
    items: list[Document]
    next_cursor: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class EventStore(ABC):
    """Append-only streams with optimistic concurrency, and the documents beside them."""

    @abstractmethod
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
        """Append atomically; `expected_version` 0 means "new stream", None means "any".

        Returns the stream's new version; raises `ConcurrencyConflict` if it moved on.
        """

    @abstractmethod
    async def read_stream(self, stream_id: str) -> list[RecordedEvent]: ...

    @abstractmethod
    async def read_all(self, after_position: int, limit: int = 500) -> list[RecordedEvent]: ...

    @abstractmethod
    async def get_document(self, collection: str, id: str) -> Document | None: ...

    @abstractmethod
    async def list_documents(self, query: DocumentQuery) -> Page: ...
