"""Durable JetStream consumers that never drop an event, and the dead-letter table.

Every handler runs under explicit acks: success acks; failure nacks with a growing
delay; the last allowed delivery that still fails is parked in `dead_letters` (and
acked), from where the API and the CLI list and replay it. Tracked handlers write
their result and a tracking row in one transaction, so a redelivery changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import structlog
from faststream import AckPolicy
from faststream.nats import ConsumerConfig, JStream, NatsBroker, NatsMessage, PullSub
from nats.js.api import AckPolicy as JsAckPolicy
from nats.js.api import DeliverPolicy
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from fazhi.bus import stream_name
from fazhi.errors import NotFound
from fazhi.events import RecordedEvent
from fazhi.store.sql import SqlEventStore
from fazhi.store.tables import dead_letters, tracking

log = structlog.get_logger("fazhi.subscriptions")

Handler = Callable[[RecordedEvent], Awaitable[None]]
Projector = Callable[[AsyncConnection, RecordedEvent], Awaitable[None]]


def retry_delay(deliveries: int) -> float:
    """Seconds before the next try: 0.5, 1, 2, 4… capped at a minute."""
    return min(0.5 * 2 ** (deliveries - 1), 60.0)


@dataclass
class Subscription:
    """One durable consumer: `name` is the durable name, `subject` its filter."""

    name: str
    service: str
    subject: str
    handler: Handler


def tracked(store: SqlEventStore, consumer: str, project: Projector) -> Handler:
    """Wrap a projector so it runs at most once per event, atomically with its tracking row."""

    async def handle(event: RecordedEvent) -> None:
        async with store.transaction() as conn:
            fresh = await conn.execute(
                store.dialect_insert(tracking)
                .values(consumer=consumer, event_id=event.event_id)
                .on_conflict_do_nothing(index_elements=["consumer", "event_id"])
            )
            if fresh.rowcount == 0:
                return  # applied before: a redelivery
            await project(conn, event)

    return handle


class Subscriptions:
    """Registers consumers on a faststream broker and keeps the dead-letter table."""

    def __init__(self, store: SqlEventStore, broker: NatsBroker, *, max_deliver: int = 5) -> None:
        self.store = store
        self.broker = broker
        self.max_deliver = max_deliver
        self.handlers: dict[str, Handler] = {}

    def add(self, sub: Subscription) -> None:
        self.handlers[sub.name] = sub.handler
        config = ConsumerConfig(
            durable_name=sub.name,
            ack_policy=JsAckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            max_deliver=self.max_deliver,
            ack_wait=30,
        )

        @self.broker.subscriber(
            sub.subject,
            stream=JStream(stream_name(sub.service), declare=False),
            durable=sub.name,
            config=config,
            pull_sub=PullSub(batch_size=50, timeout=1.0),
            ack_policy=AckPolicy.MANUAL,
            title=sub.name,
        )
        async def consume(body: dict[str, Any], msg: NatsMessage) -> None:
            await self._deliver(sub, body, msg)

    async def _deliver(self, sub: Subscription, body: dict[str, Any], msg: NatsMessage) -> None:
        event = RecordedEvent.from_cloudevent(body)
        deliveries = msg.raw_message.metadata.num_delivered
        context = {"correlation_id": event.metadata.get("correlation_id"), "event_id": event.event_id,
                   "consumer": sub.name}
        with structlog.contextvars.bound_contextvars(**context):
            try:
                await sub.handler(event)
            except Exception as error:
                if deliveries >= self.max_deliver:
                    await self.park(sub.name, msg.raw_message.subject, event, repr(error), deliveries)
                    await msg.ack()
                    log.error("consumer.dead_lettered", type=event.type, error=repr(error), deliveries=deliveries)
                else:
                    await msg.nack(delay=retry_delay(deliveries))
                    log.warning("consumer.retry", type=event.type, error=repr(error), deliveries=deliveries)
                return
            await msg.ack()

    async def park(self, consumer: str, subject: str, event: RecordedEvent, error: str, deliveries: int) -> None:
        row = {"consumer": consumer, "subject": subject, "event_id": event.event_id,
               "envelope": json.dumps(event.to_cloudevent(), ensure_ascii=False), "error": error,
               "deliveries": deliveries, "parked_at": self.store.clock.now(), "replayed_at": None}
        stmt = self.store.dialect_insert(dead_letters).values(**row)
        stmt = stmt.on_conflict_do_update(
            index_elements=["consumer", "event_id"],
            set_={k: stmt.excluded[k] for k in ("error", "deliveries", "parked_at", "replayed_at")},
        )
        async with self.store.transaction() as conn:
            await conn.execute(stmt)

    async def dead_letters(self, *, include_replayed: bool = False) -> list[dict[str, Any]]:
        query = select(dead_letters).order_by(dead_letters.c.id)
        if not include_replayed:
            query = query.where(dead_letters.c.replayed_at.is_(None))
        async with self.store.reader.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [{**row, "envelope": json.loads(row["envelope"])} for row in rows]

    async def replay(self, dead_letter_id: int) -> None:
        """Run the parked event through its handler again; on success it leaves the list."""
        async with self.store.reader.connect() as conn:
            row = (await conn.execute(select(dead_letters).where(dead_letters.c.id == dead_letter_id))).mappings().first()
        if row is None or row["replayed_at"] is not None:
            raise NotFound(f"no dead letter {dead_letter_id} waiting for replay", field="id")
        handler = self.handlers.get(row["consumer"])
        if handler is None:
            raise NotFound(f"consumer {row['consumer']} is not part of this service", field="consumer")
        await handler(RecordedEvent.from_cloudevent(json.loads(row["envelope"])))
        async with self.store.transaction() as conn:
            await conn.execute(
                update(dead_letters).where(dead_letters.c.id == dead_letter_id).values(replayed_at=self.store.clock.now())
            )
