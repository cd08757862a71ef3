"""Alerts for other systems on NATS: `fazhi.alerts.<township>.<level>`, in order, at least once.

Like the outbox relay: notifications after the cursor are published with
`Nats-Msg-Id = <event id>:<level>` (the stream drops a re-publish after a crash) and
the cursor moves only past what the server acknowledged.
"""

from __future__ import annotations

import asyncio

import structlog

from fazhi.service import Runtime
from services.reporting.alerts.delivery.notifications import PAGE, encode, is_notification, notification
from services.reporting.alerts.delivery.signal import CommitSignal

log = structlog.get_logger("alerts.bus")
CURSOR = "alerts-nats"
ACK_TIMEOUT = 5.0


def subject(township: str, level: str) -> str:
    return f"fazhi.alerts.{township}.{level}"


class AlertPublisher:
    def __init__(self, runtime: Runtime, signal: CommitSignal, poll_seconds: float = 1.0) -> None:
        self.runtime, self.signal, self.poll_seconds = runtime, signal, poll_seconds

    async def run(self) -> None:
        """Publish until cancelled; waits for the bus, and starts again from the cursor after an outage."""
        backoff = 0.2
        while True:
            if not self.runtime.bus_connected:
                await asyncio.sleep(0.2)
                continue
            ticket = self.signal.ticket()
            try:
                full = await self.publish_pending()
                backoff = 0.2
            except Exception as error:
                log.warning("alerts_bus.retry", error=repr(error), retry_in=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            if not full:
                await self.signal.wait(ticket, self.poll_seconds)

    async def publish_pending(self) -> bool:
        """One page after the cursor; True when the page was full (more may wait)."""
        store = self.runtime.store
        assert self.runtime.nats is not None
        js = self.runtime.nats.jetstream()
        cursor = await store.get_cursor(CURSOR)
        batch = self.signal.recent(cursor)[:PAGE] or await store.read_all(cursor, PAGE)
        if not batch:
            return False
        futures = []
        for event in batch:
            if is_notification(event):
                body = await notification(store, event)
                level = body["alert"]["level"]
                headers = {"Nats-Msg-Id": f"{event.event_id}:{level}", "Content-Type": "application/json"}
                futures.append(await js.publish_async(subject(event.township, level), encode(body), headers=headers))
        if futures:
            await asyncio.wait_for(asyncio.gather(*futures), ACK_TIMEOUT)
        position = batch[-1].position
        assert position is not None
        await store.set_cursor(CURSOR, position)
        return len(batch) == PAGE
