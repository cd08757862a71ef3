"""The outbox relay: publishes committed events to JetStream, in order, at least once.

The event table is the outbox. Rows after the relay's cursor are published with
`Nats-Msg-Id = event_id` (the stream's duplicate window drops a re-publish after a
crash) and the cursor moves only past events the server acknowledged. People in
the payload are masked on the way out: only the owning service keeps them whole.

Three loops share the work, so that no step waits for another's round trip: one
publishes (the events this process just committed, handed over by the store, or
else read from the table after what it sent last; woken by each commit, and polling,
which is how it catches up after an outage and finds other replicas' events), one collects the acknowledgements in order, one saves
the cursor (whatever has been acknowledged, at most every `save_seconds`, and once more
when the relay stops: a crash in between re-publishes what the stream drops as duplicates). A
missing or failed acknowledgement stops all three; they start again from the last
acknowledged event, and the duplicate window absorbs what is sent twice.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Sequence

import structlog
from nats.js import JetStreamContext

from fazhi.events import RecordedEvent
from fazhi.store.sql import SqlEventStore

log = structlog.get_logger("fazhi.relay")
CURSOR = "relay"


class OutboxRelay:
    def __init__(
        self,
        store: SqlEventStore,
        js: JetStreamContext,
        *,
        batch_size: int = 500,
        window: int = 2000,
        poll_seconds: float = 1.0,
        ack_timeout: float = 5.0,
        save_seconds: float = 0.1,
    ) -> None:
        self.store = store
        self.js = js
        self.batch_size = batch_size
        self.window = window  # published and not yet acknowledged, at most
        self.poll_seconds = poll_seconds
        self.ack_timeout = ack_timeout
        self.save_seconds = save_seconds  # the cursor is saved at most this often (a re-publish is dropped)
        self.published = 0  # events this relay has seen acknowledged
        self._acked: int | None = None  # position of the last acknowledged event, once known
        self._sent = 0
        self._in_flight: deque[tuple[int, asyncio.Future[object]]] = deque()
        self._handed: deque[RecordedEvent] = deque()  # this process's commits, not yet sent
        self._wake = asyncio.Event()  # a commit
        self._sending = asyncio.Event()  # something in flight to wait for
        self._room = asyncio.Event()  # the window has room again
        self._moved = asyncio.Event()  # acknowledged further than the saved cursor
        store.on_commit(self._committed)

    def _committed(self, events: Sequence[RecordedEvent]) -> None:
        if len(self._handed) + len(events) > self.window:  # not keeping up (or not the leader): read the table
            self._handed.clear()
        self._handed.extend(events)
        self._wake.set()

    def _next_handed(self, limit: int) -> list[RecordedEvent]:
        """The handed events right after the last one sent, up to a gap; none if the table has others first."""
        handed = self._handed
        while handed and handed[0].position <= self._sent:  # type: ignore[operator]
            handed.popleft()
        run: list[RecordedEvent] = []
        expected = self._sent + 1
        while handed and len(run) < limit and handed[0].position == expected:
            run.append(handed.popleft())
            expected += 1
        return run

    async def run(self) -> None:
        """Publish until cancelled; survives NATS and database outages by retrying."""
        self._acked = None  # the lease was (re)won: another replica may have moved the cursor
        backoff = 0.1
        while True:
            before = self.published
            try:
                await self._pump()
            except Exception as error:  # outage: wait, then start again from the last acknowledgement
                if self.published > before:
                    backoff = 0.1
                log.warning("relay.retry", error=repr(error), retry_in=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)

    async def _pump(self) -> None:
        saved = await self.store.get_cursor(CURSOR)
        self._acked = max(saved, self._acked or 0)
        self._sent = self._acked
        self._in_flight.clear()
        try:
            async with asyncio.TaskGroup() as loops:
                loops.create_task(self._publish())
                loops.create_task(self._collect())
                loops.create_task(self._save(saved))
        finally:
            for _, future in self._in_flight:
                if future.done() and not future.cancelled():
                    future.exception()  # read, so that asyncio does not report it as never retrieved
                future.cancel()  # frees its slot in nats-py's pending-publish window
            self._in_flight.clear()

    async def _publish(self) -> None:
        while True:
            room = self.window - len(self._in_flight)
            if room <= 0:
                self._room.clear()
                await self._room.wait()
                continue
            self._wake.clear()  # a commit from here on wakes the wait below
            limit = min(self.batch_size, room)
            pending = self._next_handed(limit) or await self.store.read_all(self._sent, limit)
            for event in pending:
                assert event.position is not None
                headers = {"Nats-Msg-Id": event.event_id, "Content-Type": "application/cloudevents+json"}
                future = await self.js.publish_async(event.subject, event.to_json(masked=True), headers=headers)
                self._in_flight.append((event.position, future))
                self._sent = event.position
            if pending:
                self._sending.set()
            if len(pending) < limit and not self._handed:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.poll_seconds):  # not wait_for: its task costs loop turns
                        await self._wake.wait()

    async def _collect(self) -> None:
        """Acknowledgements in publishing order; the first one missing or refused ends the pump."""
        while True:
            if not self._in_flight:
                self._sending.clear()
                await self._sending.wait()
                continue
            # The server acknowledges in the order it stored, so waiting for the newest is waiting for
            # them all — with one callback, not one per future (which cost more than the publishing).
            oldest, newest = self._in_flight[0][1], self._in_flight[-1][1]
            done, _ = await asyncio.wait((oldest if newest.done() else newest,), timeout=self.ack_timeout)
            acked = 0
            for _, future in self._in_flight:
                if not future.done() or future.cancelled() or future.exception() is not None:
                    break
                acked += 1
            if acked:
                self._acked = self._in_flight[acked - 1][0]
                for _ in range(acked):
                    self._in_flight.popleft()
                self.published += acked
                self._room.set()
                self._moved.set()
            elif oldest.done() or not done:
                # The oldest refused, or nothing acknowledged within the timeout: start again from it.
                raise ConnectionError(f"{len(self._in_flight)} published events not acknowledged")

    async def _save(self, saved: int) -> None:
        try:
            while True:
                await self._moved.wait()
                self._moved.clear()
                saved = await self._save_acked(saved)
                await asyncio.sleep(self.save_seconds)  # what is acknowledged meanwhile: one save
        except asyncio.CancelledError:  # stopping (or an outage): keep what was acknowledged up to here
            with contextlib.suppress(Exception):  # the database may be what is away: then not for long
                await asyncio.wait_for(self._save_acked(saved), self.ack_timeout)
            raise

    async def _save_acked(self, saved: int) -> int:
        assert self._acked is not None
        if self._acked > saved:
            position = self._acked
            await self.store.set_cursor(CURSOR, position)
            return position
        return saved

    async def lag(self) -> int:
        """Events committed but not yet acknowledged by the stream (as far as the saved cursor knows)."""
        return await self.store.max_position() - await self.store.get_cursor(CURSOR)
