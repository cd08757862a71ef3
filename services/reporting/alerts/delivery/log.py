"""The delivery log: one row per (subscriber, notification), its attempts, and the subscriber's cursor.

A row says `delivered`, `retrying` or `failed` and how many attempts were made, with their
times: never the remote answer or error text (the log must not make a port scanner). A
success is written with the cursor past it in one transaction, so a restart neither loses a
notification nor sends a delivered one again.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fazhi.store import Document
from fazhi.store.sql import SqlEventStore
from fazhi.store.tables import cursors

DELIVERIES = "alert_delivery"
MAX_ATTEMPTS_KEPT = 20
_NAMESPACE = uuid.UUID("3d5e8f60-2b1c-4e7a-8c91-7a6b5d4c3e21")


def delivery_id(webhook_id: str, event_id: str) -> str:
    """The `webhook-id` header: the same for every attempt, so the subscriber can drop a repeat."""
    return str(uuid.uuid5(_NAMESPACE, f"{webhook_id}:{event_id}"))


def cursor_name(webhook_id: str) -> str:
    return f"alert-webhook:{webhook_id}"


class DeliveryLog:
    """Writes the attempts of one subscriber's deliveries."""

    def __init__(self, store: SqlEventStore, webhook_id: str, scope: str) -> None:
        self.store = store
        self.webhook_id = webhook_id
        self.scope = scope

    async def row(self, event_id: str) -> Document | None:
        return await self.store.get_document(DELIVERIES, delivery_id(self.webhook_id, event_id))

    async def record(self, body: dict[str, Any], attempts: list[dict[str, Any]], *, status: str, count: int,
                     failing_since: datetime | None, first_at: datetime, move_cursor: bool) -> None:
        """The row after an attempt; `move_cursor` when it was the subscriber's next notification and was taken."""
        alert = body.get("alert") or {}
        id = delivery_id(self.webhook_id, body["event_id"])
        doc = Document(
            collection=DELIVERIES, id=id, township=self.scope, version=count, status=status,
            category=alert.get("rule"), lookup_key=self.webhook_id, is_open=status != "delivered", created_at=first_at,
            data={"id": id, "webhook_id": self.webhook_id, "alert_id": alert.get("id"), "event_id": body["event_id"],
                  "type": body["type"], "position": body.get("position"), "status": status, "attempts": count,
                  "failing_since": failing_since.isoformat() if failing_since else None,
                  "last_attempts": attempts[-MAX_ATTEMPTS_KEPT:]},
        )
        async with self.store.transaction() as conn:
            await self.store.upsert_documents(conn, [doc])
            if move_cursor:
                stmt = self.store.dialect_insert(cursors).values(name=cursor_name(self.webhook_id),
                                                                 position=body["position"])
                await conn.execute(stmt.on_conflict_do_update(index_elements=["name"],
                                                              set_={"position": body["position"]}))
