"""Durable JetStream consumers that never drop an event, and the dead-letter table.

Each consumer is a durable pull consumer read continuously: one pull request for up to
`MAX_BATCH` messages stays open on the server and is topped up when half of it has
arrived, so a message is handled the moment it lands, and whatever has queued up
meanwhile is handled as one batch. (faststream 0.7's pull subscriber waits after an idle
spell until a whole batch or its timeout has gone by before handing anything over —
hundreds of milliseconds at a trickle — so the broker's connection is used, not its
subscriber.)

Every handler runs under explicit acks: success acks; failure nacks with a growing
delay; the last allowed delivery that still fails is parked in `dead_letters` (and
acked), from where the API and the CLI list and replay it. Tracked handlers write
their result and a tracking row in one transaction, so a redelivery changes nothing;
they take a whole batch in one transaction, and fall back to one event at a time when
the batch fails, so only the failing event is retried (any `BatchHandler` does the same).
An envelope whose source, type or subject is not the stream's service's is parked, never run.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import orjson
import structlog
from nats.aio.client import Client as NATS
from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError
from sqlalchemy import Connection, select, text, update

from fazhi.bus import stream_name
from fazhi.errors import NotFound, RuleViolation
from fazhi.events import RecordedEvent
from fazhi.store.sql import SqlEventStore
from fazhi.store.tables import dead_letters

log = structlog.get_logger("fazhi.subscriptions")

Handler = Callable[[RecordedEvent], Awaitable[None]]


@runtime_checkable
class BatchHandler(Protocol):
    """A handler that also takes what arrived together in one go (`many`). If `many` fails, each event
    goes through `__call__` on its own, so that only a failing one is retried: both must be idempotent."""

    async def __call__(self, event: RecordedEvent) -> None: ...

    async def many(self, events: Sequence[RecordedEvent]) -> None: ...


Projector = Callable[[Connection, RecordedEvent], None]  # runs inside `SqlEventStore.write`

MAX_BATCH = 256  # messages asked for at once, and handled at most in one go
TRACKED_PER_TRANSACTION = 16  # a tracked batch is written in transactions of at most this many events
EXPIRES_SECONDS = 30.0  # a pull request's life on the server; renewed as it runs out
HEARTBEAT_SECONDS = 2.0  # the server's sign of life while a request waits; two missed: ask again
UNREADABLE = "unreadable"  # a dead letter's envelope key for a message that was no event envelope
REFUSED = "refused"  # a dead letter's envelope key: why an envelope cannot have come from that stream
ACK_WAIT_SECONDS = 10.0  # a message a dead replica held is delivered again after this


def retry_delay(deliveries: int) -> float:
    """Seconds before the next try: 1, 4, 16, then a minute. The tries outlast the ack wait: an event
    that came before an earlier one of its case, which a dead replica held, is tried again after
    that one has been delivered again; and a database away for a minute parks nothing."""
    return min(4.0 ** (deliveries - 1), 60.0)


@dataclass
class Subscription:
    """One durable consumer: `name` is the durable name, `subject` its filter."""

    name: str
    service: str
    subject: str
    handler: Handler
    # Seconds to let a batch gather after its first event: for a projection nobody waits on within the
    # second, fewer and larger transactions (and less time holding the event loop) than one per arrival.
    linger: float = 0.0


class Tracked:
    """A projector run at most once per event, atomically with its tracking row.

    Called with one event, or `many(events)`: one transaction per `TRACKED_PER_TRANSACTION`
    of them, each event applied unless its tracking row shows it applied before — per
    stream in version order, streams in id order, so that concurrent transactions
    (replicas) taking a lock per stream take them in one order and never deadlock.
    """

    def __init__(self, store: SqlEventStore, consumer: str, project: Projector) -> None:
        self.store, self.consumer, self.project = store, consumer, project

    async def __call__(self, event: RecordedEvent) -> None:
        await self.many([event])

    async def many(self, events: Sequence[RecordedEvent]) -> None:
        unique = {event.event_id: event for event in events}.values()  # a batch may carry a re-publish
        ordered = sorted(unique, key=lambda event: (event.stream_id, event.version))
        for start in range(0, len(ordered), TRACKED_PER_TRANSACTION):
            if start:
                await asyncio.sleep(0)  # a long batch holds the event loop: let the rest of the service in
            chunk = ordered[start:start + TRACKED_PER_TRANSACTION]
            await self.store.write(lambda conn, chunk=chunk: self._apply(conn, chunk))  # type: ignore[misc]

    def _apply(self, conn: Connection, events: list[RecordedEvent]) -> None:
        ids = [event.event_id for event in events]
        if self.store.is_postgres:
            inserted = conn.execute(_TRACK_PG, {"consumer": self.consumer, "ids": ids})
        else:
            inserted = conn.execute(_TRACK_SQLITE, {"consumer": self.consumer, "ids": orjson.dumps(ids).decode()})
        fresh = set(inserted.scalars())
        for event in events:
            if event.event_id in fresh:  # the others were applied before: redeliveries
                self.project(conn, event)


# The tracking rows of a batch, in one statement whatever its size (so compiled once), returning those
# that were not there: the events to apply. (`WHERE true` lets SQLite read ON CONFLICT after a SELECT.)
_TRACK_PG = text(
    "INSERT INTO tracking (consumer, event_id) SELECT :consumer, unnest(CAST(:ids AS varchar[])) "
    "ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id"
)
_TRACK_SQLITE = text(
    "INSERT INTO tracking (consumer, event_id) SELECT :consumer, value FROM json_each(:ids) WHERE true "
    "ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id"
)


def tracked(store: SqlEventStore, consumer: str, project: Projector) -> Tracked:
    """Wrap a projector so it runs at most once per event, atomically with its tracking row."""
    return Tracked(store, consumer, project)


class Subscriptions:
    """The service's durable consumers (started once NATS answers) and the dead-letter table."""

    def __init__(self, store: SqlEventStore, *, max_deliver: int = 5) -> None:
        self.store = store
        self.max_deliver = max_deliver
        self.subscriptions: dict[str, Subscription] = {}

    @property
    def handlers(self) -> dict[str, Handler]:
        return {name: sub.handler for name, sub in self.subscriptions.items()}

    def add(self, sub: Subscription) -> None:
        self.subscriptions[sub.name] = sub

    def start(self, nc: NATS) -> list[asyncio.Task[None]]:
        """One task per consumer, reading until cancelled."""
        return [asyncio.create_task(_Consumer(self, sub, nc).run(), name=f"consumer-{sub.name}")
                for sub in self.subscriptions.values()]

    def config(self, sub: Subscription) -> ConsumerConfig:
        return ConsumerConfig(
            durable_name=sub.name,
            filter_subject=sub.subject,
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            max_deliver=self.max_deliver,
            ack_wait=ACK_WAIT_SECONDS,
            max_ack_pending=4 * MAX_BATCH,
        )

    async def deliver(self, sub: Subscription, msgs: list[Msg]) -> None:
        """Handle what arrived together: as one batch where the handler can, each on its own otherwise."""
        events: list[tuple[Msg, RecordedEvent]] = []
        for msg in msgs:
            try:
                envelope = orjson.loads(msg.data)
                event = RecordedEvent.from_cloudevent(envelope)
            except (ValueError, KeyError, TypeError) as error:  # not an envelope: no retry can help, so park it
                await self.park_unreadable(sub.name, msg, repr(error))
                await msg.ack()
                log.error("consumer.unreadable", consumer=sub.name, subject=msg.subject, error=repr(error))
                continue
            if refused := foreign(sub.service, msg.subject, envelope, event):  # not what that service sent
                await self.park_refused(sub.name, msg, envelope, refused)
                await msg.ack()
                log.error("consumer.refused", consumer=sub.name, subject=msg.subject, error=refused)
                continue
            events.append((msg, event))
        if len(events) > 1 and isinstance(sub.handler, BatchHandler):
            try:
                await sub.handler.many([event for _, event in events])
            except Exception as error:  # find which one: each goes through the single path below
                log.warning("consumer.batch_failed", consumer=sub.name, size=len(events), error=repr(error))
            else:
                for msg, _ in events:
                    await msg.ack()
                return
        if len(events) == 1:  # most deliveries: handled here and now, not in a task of its own
            await self._deliver_one(sub, *events[0])
        else:
            await asyncio.gather(*(self._deliver_one(sub, msg, event) for msg, event in events))

    async def _deliver_one(self, sub: Subscription, msg: Msg, event: RecordedEvent) -> None:
        deliveries = msg.metadata.num_delivered
        context = {"correlation_id": event.metadata.get("correlation_id"), "event_id": event.event_id,
                   "consumer": sub.name}
        with structlog.contextvars.bound_contextvars(**context):
            try:
                await sub.handler(event)
            except Exception as error:
                if deliveries >= self.max_deliver:
                    await self.park(sub.name, msg.subject, event, repr(error), deliveries)
                    await msg.ack()
                    log.error("consumer.dead_lettered", type=event.type, error=repr(error), deliveries=deliveries)
                else:
                    await msg.nak(delay=retry_delay(deliveries))
                    log.warning("consumer.retry", type=event.type, error=repr(error), deliveries=deliveries)
                return
            await msg.ack()

    async def park(self, consumer: str, subject: str, event: RecordedEvent, error: str, deliveries: int) -> None:
        envelope = json.dumps(event.to_cloudevent(), ensure_ascii=False)
        await self._park(consumer, subject, event.event_id, envelope, error, deliveries)

    async def park_unreadable(self, consumer: str, msg: Msg, error: str) -> None:
        """A message that is no event envelope, kept as it came for the operator to see (not replayable)."""
        msg_id = (msg.headers or {}).get("Nats-Msg-Id") or f"stream-seq-{msg.metadata.sequence.stream}"
        envelope = json.dumps({UNREADABLE: msg.data.decode("utf-8", "replace")}, ensure_ascii=False)
        await self._park(consumer, msg.subject, msg_id[:36], envelope, error, msg.metadata.num_delivered)

    async def park_refused(self, consumer: str, msg: Msg, envelope: dict[str, Any], why: str) -> None:
        """An envelope that did not come from the stream's service: kept to be looked at, never replayed."""
        envelope = {**envelope, REFUSED: why}
        await self._park(consumer, msg.subject, f"refused-{msg.metadata.sequence.stream}",  # its id may be forged
                         json.dumps(envelope, ensure_ascii=False), why, msg.metadata.num_delivered)

    async def _park(self, consumer: str, subject: str, event_id: str, envelope: str, error: str,
                    deliveries: int) -> None:
        row = {"consumer": consumer, "subject": subject, "event_id": event_id, "envelope": envelope, "error": error,
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
        return [{**row, "envelope": _envelope(row)} for row in rows]

    async def replay(self, dead_letter_id: int,
                     admitted: Callable[[dict[str, Any]], bool] = lambda row: True) -> None:
        """Run the parked event through its handler again; on success it leaves the list.

        `admitted` says whether the caller may see the row; one it may not is not found."""
        async with self.store.reader.connect() as conn:
            row = (await conn.execute(select(dead_letters).where(dead_letters.c.id == dead_letter_id))).mappings().first()
        if row is None or row["replayed_at"] is not None or not admitted({**row, "envelope": _envelope(row)}):
            raise NotFound(f"no dead letter {dead_letter_id} waiting for replay", field="id")
        sub = self.subscriptions.get(row["consumer"])
        if sub is None:
            raise NotFound(f"consumer {row['consumer']} is not part of this service", field="consumer")
        envelope = json.loads(row["envelope"])
        if UNREADABLE in envelope or REFUSED in envelope:
            raise RuleViolation(f"dead letter {dead_letter_id} is not an event envelope of its stream "
                                f"({row['error']}): it is kept to be looked at, and cannot be replayed")
        await sub.handler(RecordedEvent.from_cloudevent(envelope))
        async with self.store.transaction() as conn:
            await conn.execute(
                update(dead_letters).where(dead_letters.c.id == dead_letter_id).values(replayed_at=self.store.clock.now())
            )


def foreign(service: str, subject: str, envelope: dict[str, Any], event: RecordedEvent) -> str | None:
    """Why an envelope read from `service`'s stream cannot have been sent by that service, if it cannot.

    The server lets only the service publish there; this is the second lock, for an envelope
    that claims another service as its source (a bug, or a stolen credential).
    """
    source = f"/fazhi/{service}/{event.township}"
    if envelope.get("source") != source:
        return f"source {envelope.get('source')!r} does not match the stream of {service} (expected {source!r})"
    if event.service != service:
        return f"type {event.type!r} is not an event of {service}"
    if subject != event.subject:
        return f"subject {subject!r} does not match the envelope's {event.subject!r}"
    return None


def _envelope(row: Any) -> Any:
    return json.loads(row["envelope"])


class _Consumer:
    """Keeps a pull request open on one durable consumer and hands what arrives to `Subscriptions.deliver`.

    `pending` counts messages asked for and not yet come: each message takes one off, and a
    request's expiry (status 408) gives back what it did not deliver. A request the server
    ended (409) or silence past two heartbeats (NATS restarted, a new consumer leader)
    starts over: declare the consumer again, ask afresh.
    """

    def __init__(self, subscriptions: Subscriptions, sub: Subscription, nc: NATS) -> None:
        self.subscriptions, self.sub, self.nc = subscriptions, sub, nc
        self.next_subject = f"$JS.API.CONSUMER.MSG.NEXT.{stream_name(sub.service)}.{sub.name}"
        self.pending = 0

    async def run(self) -> None:
        inbox: asyncio.Queue[Msg] = asyncio.Queue()

        async def arrived(msg: Msg) -> None:
            inbox.put_nowait(msg)

        # One reply subject for the consumer's life (nats-py renews it after a reconnect): a request
        # still open on the server after a restart of the loop delivers here, not into the void.
        subscription = await self.nc.subscribe(self.nc.new_inbox(), cb=arrived)
        told = False
        try:
            while True:
                try:
                    await self.nc.jetstream().add_consumer(stream_name(self.sub.service),
                                                           self.subscriptions.config(self.sub))
                    await self._consume(subscription.subject, inbox)
                except NotFoundError:  # the producer has not declared its stream yet (it is its own to declare)
                    if not told:
                        log.info("consumer.waiting_for_stream", consumer=self.sub.name, service=self.sub.service)
                        told = True
                    await asyncio.sleep(1.0)
                except Exception as error:  # NATS away, the consumer gone: declare it again and go on
                    log.warning("consumer.restart", consumer=self.sub.name, error=repr(error))
                    await asyncio.sleep(1.0)
        finally:
            with contextlib.suppress(Exception):  # the connection may be closed already: nothing to undo
                await subscription.unsubscribe()

    async def _consume(self, reply: str, inbox: asyncio.Queue[Msg]) -> None:
        self.pending = 0
        while True:
            if self.pending <= MAX_BATCH // 2:
                await self._ask(reply, MAX_BATCH - self.pending)
            try:
                async with asyncio.timeout(2 * HEARTBEAT_SECONDS):  # not wait_for: its task costs loop turns
                    first = await inbox.get()
            except TimeoutError:
                raise ConnectionError("no heartbeat from the server: the pull request is gone") from None
            if self.sub.linger:
                await asyncio.sleep(self.sub.linger)
            msgs = [first]
            while not inbox.empty() and len(msgs) < MAX_BATCH:
                msgs.append(inbox.get_nowait())
            data, ended = self._sort(msgs)
            if data:
                await self.subscriptions.deliver(self.sub, data)
            if ended:
                raise ConnectionError(f"the server ended the pull request: {ended}")

    async def _ask(self, reply: str, batch: int) -> None:
        request = {"batch": batch, "expires": int(EXPIRES_SECONDS * 1e9),
                   "idle_heartbeat": int(HEARTBEAT_SECONDS * 1e9)}
        await self.nc.publish(self.next_subject, json.dumps(request).encode(), reply=reply)
        self.pending += batch

    def _sort(self, msgs: list[Msg]) -> tuple[list[Msg], str | None]:
        """The event messages, and why the server ended the request if it did."""
        data, ended = [], None
        for msg in msgs:
            status = (msg.headers or {}).get("Status")
            if status is None and msg.reply:
                data.append(msg)
                self.pending = max(self.pending - 1, 0)
            elif status == "408":  # a request expired: what it did not deliver is no longer coming
                undelivered = int(msg.headers.get("Nats-Pending-Messages", self.pending))
                self.pending = max(self.pending - undelivered, 0)
            elif status == "409":  # a new consumer leader, too many waiting, the consumer deleted
                ended = msg.headers.get("Description", "409")
        return data, ended
