"""The outbox relay: publishes committed events to JetStream, in order, at least once.

The event table is the outbox. Rows after the relay's cursor are published with
`Nats-Msg-Id = event_id` (the stream's duplicate window drops a re-publish after a
crash) and the cursor moves only past events the server acknowledged. People in
the payload are masked on the way out: only the owning service keeps them whole. Woken right
after each commit; also polls, which is how it catches up after an outage.
"""

from __future__ import annotations

import asyncio

import structlog
from nats.js import JetStreamContext

from fazhi.store.sql import SqlEventStore

log = structlog.get_logger("fazhi.relay")
CURSOR = "relay"


class OutboxRelay:
    def __init__(
        self,
        store: SqlEventStore,
        js: JetStreamContext,
        *,
        batch_size: int = 1000,
        poll_seconds: float = 1.0,
        ack_timeout: float = 5.0,
    ) -> None:
        self.store = store
        self.js = js
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.ack_timeout = ack_timeout
        self.published = 0
        self._wake = asyncio.Event()
        store.on_commit(self._wake.set)

    async def run(self) -> None:
        """Publish until cancelled; survives NATS and database outages by retrying."""
        backoff = 0.1
        while True:
            try:
                sent = await self.publish_pending()
                backoff = 0.1
            except Exception as error:  # outage: wait, then start again from the cursor
                log.warning("relay.retry", error=repr(error), retry_in=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            if sent < self.batch_size:
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
                except TimeoutError:
                    pass

    async def publish_pending(self) -> int:
        """Publish one batch after the cursor; returns how many were acknowledged."""
        cursor = await self.store.get_cursor(CURSOR)
        pending = await self.store.read_all(cursor, self.batch_size)
        if not pending:
            return 0
        futures = []
        for event in pending:
            headers = {"Nats-Msg-Id": event.event_id, "Content-Type": "application/cloudevents+json"}
            futures.append(await self.js.publish_async(event.subject, event.to_json(masked=True), headers=headers))
        # One wait for the whole batch: a timer task per PubAck cost more than the publish.
        _, late = await asyncio.wait(futures, timeout=self.ack_timeout)
        for future in late:
            future.cancel()  # frees its slot in nats-py's pending-publish window
        # Every outcome is read (an unread failure is logged as never retrieved); the
        # cursor may only pass the unbroken run of acks at the front.
        failed = [future.cancelled() or future.exception() is not None for future in futures]
        acked = failed.index(True) if True in failed else len(futures)
        if acked:
            position = pending[acked - 1].position
            assert position is not None
            await self.store.set_cursor(CURSOR, position)
            self.published += acked
        if acked < len(pending):
            raise ConnectionError(f"{len(pending) - acked} of {len(pending)} events not acknowledged")
        return acked

    async def lag(self) -> int:
        """Events committed but not yet acknowledged by the stream."""
        return await self.store.max_position() - await self.store.get_cursor(CURSOR)
