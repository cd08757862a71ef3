"""One wake-up after each commit of reporting's event store, for every delivery that waits on it."""

from __future__ import annotations

import asyncio

from fazhi.store.sql import SqlEventStore


class CommitSignal:
    """Take a `ticket()` before reading; `wait(ticket)` returns at once if a commit came since.

    The store keeps its listeners for good, so there is one listener however many
    SSE clients and workers come and go.
    """

    def __init__(self, store: SqlEventStore) -> None:
        self._event = asyncio.Event()
        store.on_commit(self._fire)

    def _fire(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    def ticket(self) -> asyncio.Event:
        return self._event

    async def wait(self, ticket: asyncio.Event, timeout: float) -> None:
        """Until a commit after the ticket, or `timeout` (commits of other replicas are found by polling)."""
        try:
            await asyncio.wait_for(ticket.wait(), timeout)
        except TimeoutError:
            pass
