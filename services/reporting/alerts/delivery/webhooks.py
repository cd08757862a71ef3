"""Webhook delivery: one worker per subscriber, so a subscriber that is down slows nobody else.

Each worker sends its notifications in order, signed (`X-Fazhi-Signature: sha256=<hex
HMAC-SHA256 of "<timestamp>.<body>">`), retrying one with exponential backoff until the
subscriber answers 2xx; every attempt is logged.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from typing import Any

import httpx
import structlog

from fazhi.service import Runtime
from fazhi.store import DocumentQuery
from fazhi.subscriptions import retry_delay
from services.reporting.alerts.delivery.log import DeliveryLog, cursor_name, delivery_id
from services.reporting.alerts.delivery.notifications import Audience, encode, notifications
from services.reporting.alerts.delivery.signal import CommitSignal
from services.reporting.alerts.domain import Webhook
from services.reporting.alerts.handlers.webhooks import secret_of

log = structlog.get_logger("alerts.webhooks")
TIMEOUT_SECONDS = 5.0


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=<hex>` of HMAC-SHA256 over `timestamp + "." + body`; a receiver recomputes and compares."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


class WebhookWorker:
    """Delivers one subscriber's notifications, in order, each until it is taken."""

    def __init__(self, runtime: Runtime, signal: CommitSignal, webhook: dict[str, Any], scope: str) -> None:
        self.runtime, self.signal, self.webhook = runtime, signal, webhook
        self.log = DeliveryLog(runtime.store, webhook["id"], scope)

    async def run(self) -> None:
        store, hook = self.runtime.store, self.webhook
        secret = await secret_of(self.runtime, hook["id"])
        start = await store.get_cursor(cursor_name(hook["id"])) or (await store.read_stream(hook["id"]))[0].position
        audience = Audience(None if hook["township"] is None else frozenset({hook["township"]}),
                            frozenset(hook["rules"]), frozenset(hook["levels"]))
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as http:
            async for body in notifications(store, self.signal, start):
                if audience.admits(body):
                    await self._deliver(http, secret, body)

    async def _deliver(self, http: httpx.AsyncClient, secret: str, body: dict[str, Any]) -> None:
        payload, attempts = encode(body), []
        first_at = self.runtime.clock.now()
        while True:
            at = self.runtime.clock.now()
            timestamp = str(int(at.timestamp()))
            headers = {"Content-Type": "application/json", "X-Fazhi-Timestamp": timestamp,
                       "X-Fazhi-Delivery": delivery_id(self.webhook["id"], body["event_id"]),
                       "X-Fazhi-Signature": signature(secret, timestamp, payload)}
            attempt: dict[str, Any] = {"at": at.isoformat()}
            try:
                response = await http.post(self.webhook["url"], content=payload, headers=headers)
                attempt["status_code"] = response.status_code
                delivered = response.is_success
            except httpx.HTTPError as error:
                attempt["error"] = repr(error)
                delivered = False
            attempts.append(attempt)
            await self.log.record(body, attempts, delivered=delivered, first_at=first_at)
            if delivered:
                return
            log.warning("webhook.retry", webhook=self.webhook["id"], attempt=len(attempts), **attempt)
            await asyncio.sleep(retry_delay(len(attempts)))


class WebhookDeliveries:
    """Keeps one worker running per active subscriber: started on registration, stopped on removal."""

    def __init__(self, runtime: Runtime, signal: CommitSignal) -> None:
        self.runtime, self.signal = runtime, signal
        self.workers: dict[str, asyncio.Task[None]] = {}

    async def run(self) -> None:
        """Look at the subscribers again when one is registered or removed here, and every 2 s
        (another replica's change); not at every alert."""
        seen = 0
        try:
            while True:
                ticket = self.signal.ticket()
                new = self.signal.recent(seen)
                if new:
                    seen = new[-1].position or seen
                if not new or any(event.stream_type == Webhook.stream_type for event in new):
                    seen = max(seen, self.signal.newest)
                    await self._sync()
                await self.signal.wait(ticket, 2.0)
        finally:
            for task in self.workers.values():
                task.cancel()
            await asyncio.gather(*self.workers.values(), return_exceptions=True)

    async def _sync(self) -> None:
        active: dict[str, Any] = {}
        cursor = None
        while True:
            page = await self.runtime.store.list_documents(
                DocumentQuery(Webhook.stream_type, township=None, is_open=True, after=cursor, limit=200))
            active.update({doc.id: doc for doc in page.items})
            if (cursor := page.next_cursor) is None:
                break
        for id in [id for id in self.workers if id not in active or self.workers[id].done()]:
            task = self.workers.pop(id)  # removed, or died (started again below, from its cursor)
            if task.done() and not task.cancelled() and task.exception() is not None:
                log.error("webhook.worker_failed", webhook=id, error=repr(task.exception()))
            task.cancel()
        for id, doc in active.items():
            if id not in self.workers:
                worker = WebhookWorker(self.runtime, self.signal, doc.data, doc.township)
                self.workers[id] = asyncio.create_task(worker.run(), name=f"webhook-{id}")
