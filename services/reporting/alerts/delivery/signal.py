"""One wake-up after each commit of reporting's event store, for every delivery that waits on it."""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Sequence

from fazhi.events import RecordedEvent
from fazhi.store.sql import SqlEventStore

RECENT = 1000  # events of the latest commits kept for readers that are caught up


class CommitSignal:
    """Take a `ticket()` before reading; `wait(ticket)` returns at once if a commit came since.

    The store keeps its listeners for good, so there is one listener however many
    SSE clients and workers come and go. The latest commits' events are kept, so that a
    reader that is caught up takes them from `recent` instead of reading them back.
    """

    def __init__(self, store: SqlEventStore) -> None:
        self._event = asyncio.Event()
        self._recent: deque[RecordedEvent] = deque(maxlen=RECENT)
        store.on_commit(self._fire)

    def _fire(self, events: Sequence[RecordedEvent]) -> None:
        self._recent.extend(events)
        self._event.set()
        self._event = asyncio.Event()

    @property
    def newest(self) -> int:
        """The position of the newest event kept (0: none yet)."""
        return self._recent[-1].position or 0 if self._recent else 0

    def ticket(self) -> asyncio.Event:
        return self._event

    def recent(self, after: int) -> list[RecordedEvent]:
        """The kept events right after position `after`, up to a gap. Empty says nothing about the
        store (another replica's commits, or older than what is kept): then read it."""
        run: list[RecordedEvent] = []
        expected = after + 1
        for event in self._recent:
            if event.position == expected:
                run.append(event)
                expected += 1
            elif run:
                break
        return run

    async def wait(self, ticket: asyncio.Event, timeout: float) -> None:
        """Until a commit after the ticket, or `timeout` (commits of other replicas are found by polling)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await ticket.wait()
