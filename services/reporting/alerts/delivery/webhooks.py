"""Delivery to webhooks and receivers: one worker per subscriber, so a subscriber that is down slows nobody else.

Each worker sends its notifications in order (`channels.send`: signed webhooks, WeCom, DingTalk,
e-mail, SMS), retrying one with growing pauses until it is taken. A notification not taken for
`FAZHI_ALERT_GIVE_UP_HOURS` (24 h) is marked `failed`, the subscriber is disabled and its owner
alerted (`delivery_disabled`); enabled again, it resumes with that notification. Every attempt
is logged; the log says "failed", never what the remote end answered.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from typing import Any

import aiosmtplib
import httpx
import structlog

from fazhi.service import Runtime
from fazhi.store import DocumentQuery
from services.reporting.alerts.contract import Channel
from services.reporting.alerts.delivery.channels import Undelivered, send
from services.reporting.alerts.delivery.egress import DestinationRefused, GuardedClient, guarded_client
from services.reporting.alerts.delivery.log import DELIVERIES, DeliveryLog, cursor_name, delivery_id
from services.reporting.alerts.delivery.notifications import Audience, notification, notifications
from services.reporting.alerts.delivery.signal import CommitSignal
from services.reporting.alerts.domain import Webhook
from services.reporting.alerts.handlers.duty import receiver_on_duty
from services.reporting.alerts.handlers.webhooks import give_up, private_of, signing_secrets

log = structlog.get_logger("alerts.webhooks")
PING = "webhook.ping"
FAILURES = (DestinationRefused, httpx.HTTPError, Undelivered, aiosmtplib.SMTPException, OSError, TimeoutError,
            KeyError)


def retry_pause(failures: int) -> float:
    """Seconds before the next attempt: 1, 2, 4 … then every 5 minutes."""
    return min(2.0 ** (failures - 1), 300.0)


async def attempt(runtime: Runtime, http: GuardedClient, hook: dict[str, Any], body: dict[str, Any]) -> bool:
    """One try at handing `body` to the subscriber; True when it was taken."""
    private = await private_of(runtime, hook["id"])  # read each time: a rotated secret signs at once
    channel = Channel(hook.get("channel", Channel.WEBHOOK))
    if channel is Channel.WEBHOOK and not private["url"]:
        private["url"] = hook["url"]  # registered before a webhook's URL was kept privately too
    msg_id = delivery_id(hook["id"], body["event_id"])
    try:
        await send(runtime, http, channel, private, signing_secrets(private, runtime.clock.now()), msg_id, body)
        return True
    except FAILURES as error:
        log.warning("alert_delivery.failed", webhook=hook["id"], channel=hook.get("channel"), error=repr(error))
        return False


class WebhookWorker:
    """Delivers one subscriber's notifications, in order, each until it is taken or given up on."""

    def __init__(self, runtime: Runtime, signal: CommitSignal, webhook: dict[str, Any], scope: str) -> None:
        self.runtime, self.signal, self.webhook, self.scope = runtime, signal, webhook, scope
        self.log = DeliveryLog(runtime.store, webhook["id"], scope)

    async def run(self) -> None:
        store, hook = self.runtime.store, self.webhook
        start = await store.get_cursor(cursor_name(hook["id"])) or (await store.read_stream(hook["id"]))[0].position
        audience = Audience(None if hook["township"] is None else frozenset({hook["township"]}),
                            frozenset(hook["rules"]), frozenset(hook["levels"]))
        async with guarded_client(self.runtime) as http:
            async for body in notifications(store, self.signal, start):
                if not audience.admits(body) or not await self._on_duty(body):
                    continue
                if not await self._deliver(http, body):
                    return  # given up: the subscriber is disabled

    async def _on_duty(self, body: dict[str, Any]) -> bool:
        """A duty receiver takes what happens during the shifts that name it (judged by the event's time)."""
        if not self.webhook.get("on_duty"):
            return True
        at = datetime.fromisoformat(body["occurred_at"])
        return await receiver_on_duty(self.runtime, self.scope, self.webhook["id"], at)

    async def _deliver(self, http: GuardedClient, body: dict[str, Any]) -> bool:
        """Until taken (True) or given up (False)."""
        clock, give_up_after = self.runtime.clock, timedelta(hours=self.runtime.settings.alert_give_up_hours)
        row = await self.log.row(body["event_id"])
        prior = row.data if row else {}
        attempts: list[dict[str, Any]] = list(prior.get("last_attempts", []))
        count, first_at = int(prior.get("attempts", 0)), row.created_at if row and row.created_at else clock.now()
        if prior.get("status") == "delivered":  # redelivered by hand while this subscriber was disabled
            await self._record(body, attempts, "delivered", count, None, first_at)
            return True
        since = _at(prior.get("failing_since")) if prior.get("status") == "retrying" else None
        failures = 0
        while True:
            taken = await attempt(self.runtime, http, self.webhook, body)
            now = clock.now()
            count += 1
            attempts.append({"at": now.isoformat(), "result": "delivered" if taken else "failed"})
            if taken:
                await self._record(body, attempts, "delivered", count, None, first_at)
                return True
            since, failures = since or now, failures + 1
            if now - since >= give_up_after:
                await self._record(body, attempts, "failed", count, since, first_at)
                # shielded: disabling wakes the supervisor, which cancels this worker
                await asyncio.shield(give_up(self.runtime, self.scope, self.webhook["id"], attempts=count,
                                             since=since))
                log.warning("alert_delivery.gave_up", webhook=self.webhook["id"], attempts=count)
                return False
            await self._record(body, attempts, "retrying", count, since, first_at)
            await asyncio.sleep(retry_pause(failures))

    async def _record(self, body: dict[str, Any], attempts: list[dict[str, Any]], status: str, count: int,
                      since: datetime | None, first_at: datetime) -> None:
        await self.log.record(body, attempts, status=status, count=count, failing_since=since, first_at=first_at,
                              move_cursor=status == "delivered")


async def ping(runtime: Runtime, hook: dict[str, Any], scope: str) -> str:
    """A signed test message to the subscriber, logged like a delivery; "delivered" or "failed"."""
    now = runtime.clock.now()
    body = {"type": PING, "event_id": f"ping-{uuid.uuid4()}", "webhook_id": hook["id"], "occurred_at": now.isoformat(),
            "message": "法治告警推送测试"}
    async with guarded_client(runtime) as http:
        taken = await attempt(runtime, http, hook, body)
    status = "delivered" if taken else "failed"
    await DeliveryLog(runtime.store, hook["id"], scope).record(
        body, [{"at": now.isoformat(), "result": status}], status=status, count=1,
        failing_since=None if taken else now, first_at=now, move_cursor=False)
    return status


async def redeliver(runtime: Runtime, hook: dict[str, Any], scope: str, row: dict[str, Any]) -> dict[str, Any]:
    """Send a logged notification (or ping) again, once, now; the row after it."""
    if row["type"] == PING:
        body: dict[str, Any] = {"type": PING, "event_id": row["event_id"], "webhook_id": hook["id"],
                                "occurred_at": runtime.clock.now().isoformat(), "message": "法治告警推送测试"}
    else:
        events = [e for e in await runtime.store.read_stream(row["alert_id"]) if e.event_id == row["event_id"]]
        body = await notification(runtime.store, events[0])
    async with guarded_client(runtime) as http:
        taken = await attempt(runtime, http, hook, body)
    now, status = runtime.clock.now(), "delivered" if taken else "failed"
    attempts = [*row["last_attempts"], {"at": now.isoformat(), "result": status, "by_hand": True}]
    stored = await runtime.store.get_document(DELIVERIES, row["id"])
    await DeliveryLog(runtime.store, hook["id"], scope).record(
        body, attempts, status=status, count=row["attempts"] + 1, failing_since=None if taken else _at(
            row.get("failing_since")) or now, first_at=stored.created_at if stored and stored.created_at else now,
        move_cursor=False)
    return (await runtime.store.get_document(DELIVERIES, row["id"])).data  # type: ignore[union-attr]


def _at(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class WebhookDeliveries:
    """Keeps one worker running per active subscriber: started on registration or enabling, stopped on removal."""

    def __init__(self, runtime: Runtime, signal: CommitSignal) -> None:
        self.runtime, self.signal = runtime, signal
        self.workers: dict[str, asyncio.Task[None]] = {}

    async def run(self) -> None:
        """Look at the subscribers again when one changes here, and every 2 s (another replica's change);
        not at every alert."""
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
            task = self.workers.pop(id)  # removed, disabled, or died (started again below, from its cursor)
            if task.done() and not task.cancelled() and task.exception() is not None:
                log.error("webhook.worker_failed", webhook=id, error=repr(task.exception()))
            task.cancel()
        for id, doc in active.items():
            if id not in self.workers:
                worker = WebhookWorker(self.runtime, self.signal, doc.data, doc.township)
                self.workers[id] = asyncio.create_task(worker.run(), name=f"webhook-{id}")
