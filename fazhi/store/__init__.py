"""The event store interface; `sql` is the real one (SQLite, PostgreSQL), `memory` the fake."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from fazhi.events import NewEvent, RecordedEvent
from fazhi.numbering import NumberRequest


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
    number: str | None = None  # the case number (案号), filled in by the store at registration
    received_on: date | None = None  # the day the matter arrived
    search_text: str | None = None  # parties' names, for a search by name


SORTS = ("registered", "-registered", "received", "-received", "due", "-due")  # "-": newest / latest first


@dataclass(frozen=True)
class DocumentQuery:
    """Filters for a list; `None` means "any". `overdue_on` keeps open documents due before it.

    Date ranges are inclusive; `registered_*` bound `created_at`. `search` looks for a part of
    `search_text` (names). The default order is newest first; `sort` names another (see SORTS).
    """

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
    after: str | None = None
    limit: int = 50
    number: str | None = None
    search: str | None = None
    registered_from: datetime | None = None
    registered_to: datetime | None = None  # exclusive: the start of the day after the range
    received_from: date | None = None
    received_to: date | None = None
    due_from: date | None = None
    due_to: date | None = None
    sort: str = "-registered"
    with_total: bool = False


@dataclass(frozen=True)
class Page:
    items: list[Document]
    next_cursor: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    total: int | None = None  # every match, over all pages (when the query asked for it)


@dataclass(frozen=True)
class ImportedStream:
    """A whole case brought in from a historical ledger: its stream (opened at version 1), its read-model
    rows and the case number it already had (`number`, written as it is: the store gives none)."""

    stream_id: str
    stream_type: str
    township: str
    events: Sequence[NewEvent]
    metadata: dict[str, Any]
    documents: Sequence[Document]
    number: str | None = None


@dataclass(frozen=True)
class CounterFloor:
    """The case-number counter of a township, desk and year must stand at least at `last` (an imported
    number in the county's format), so that numbers given later do not repeat it."""

    township: str
    desk: str
    year: int
    last: int


class NumberTaken(Exception):
    """An imported case carries a number another case of its township and desk already has."""

    def __init__(self, numbers: Sequence[str]) -> None:
        super().__init__(f"case numbers already taken: {', '.join(numbers)}")
        self.numbers = list(numbers)


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
        also: Callable[[Any], None] | None = None,
    ) -> int:
        """Append atomically; `expected_version` 0 means "new stream", None means "any".

        `also(conn)` writes more rows in the same transaction (an attachment's bytes beside its event).
        Returns the stream's new version; raises `ConcurrencyConflict` if it moved on.
        """

    @abstractmethod
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
        """Open a new stream (expected version 0) and give it the next case number, in one transaction.

        The number is written into the `case_number` field of the events and documents that have
        one. Returns (version, number); raises `ConcurrencyConflict` if the stream exists.
        """

    @abstractmethod
    async def import_streams(self, streams: Sequence[ImportedStream],
                             floors: Sequence[CounterFloor] = ()) -> list[str]:
        """Write every stream not yet stored, all in one transaction, and raise the counters to `floors`.

        A stream already stored (an import run again) is left as it is. Returns the ids written; raises
        `NumberTaken` (and writes nothing) when a new stream's number belongs to another case.
        """

    async def find_numbers(self, collection: str, township: str, numbers: Sequence[str]) -> dict[str, str]:
        """Which of `numbers` the township's documents of `collection` carry: number → document id."""
        found: dict[str, str] = {}
        for number in numbers:
            page = await self.list_documents(DocumentQuery(collection, township, number=number, limit=1))
            if page.items:
                found[number] = page.items[0].id
        return found

    @abstractmethod
    async def read_stream(self, stream_id: str) -> list[RecordedEvent]: ...

    @abstractmethod
    async def read_all(self, after_position: int, limit: int = 500) -> list[RecordedEvent]: ...

    @abstractmethod
    async def get_document(self, collection: str, id: str) -> Document | None: ...

    @abstractmethod
    async def list_documents(self, query: DocumentQuery) -> Page: ...
