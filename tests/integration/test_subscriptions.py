"""Durable consumers: retried until applied once; poison parked and replayable; redelivery harmless."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import datetime, timezone

import orjson
import pytest
from fazhi.bus import connect, ensure_stream
from fazhi.events import RecordedEvent
from fazhi.store import Document
from fazhi.store.sql import SqlEventStore
from fazhi.subscriptions import Subscription, Subscriptions, tracked


def envelope(n: int) -> RecordedEvent:
    now = datetime.now(timezone.utc)
    return RecordedEvent(str(uuid.uuid4()), f"d{n}", "dispute", 1, "mediation.dispute.registered", 1,
                         "houtai", {"n": n}, now, now, {"correlation_id": "c-1"})


class Flaky:
    """A projector that fails for chosen events a set number of times, counting what it applied."""

    def __init__(self, store: SqlEventStore, failures: dict[int, int]) -> None:
        self.store = store
        self.failures = failures
        self.attempts: Counter[int] = Counter()

    def __call__(self, conn, event: RecordedEvent) -> None:
        n = event.data["n"]
        self.attempts[n] += 1
        if self.attempts[n] <= self.failures.get(n, 0):
            raise RuntimeError(f"projection of {n} failed (try {self.attempts[n]})")
        doc = Document("applied", event.event_id, "houtai", 1, {"n": n})
        self.store.write_documents(conn, [doc])


@pytest.fixture
async def bus(database_url, nats_server):
    store = await SqlEventStore.open(database_url)
    nc = await connect([nats_server.url], "publisher")
    js = nc.jetstream()
    await ensure_stream(js, "mediation")
    consumers = await connect([nats_server.url], "consumers")
    tasks: list[asyncio.Task] = []

    def start(subs: Subscriptions) -> None:
        tasks.extend(subs.start(consumers))

    yield store, js, start
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await consumers.close()
    await nc.close()
    await store.close()


def projection(store: SqlEventStore, projector: Flaky, *, max_deliver: int = 5, linger: float = 0.0) -> Subscriptions:
    """The durable consumer `test-projection` of the mediation stream, applying `projector` tracked."""
    subs = Subscriptions(store, max_deliver=max_deliver)
    subs.add(Subscription("test-projection", "mediation", "fazhi.mediation.>",
                          tracked(store, "test-projection", projector), linger=linger))
    return subs


async def applied(store: SqlEventStore) -> list[int]:
    async with store.reader.connect() as conn:
        from sqlalchemy import select

        from fazhi.store.tables import documents

        rows = await conn.execute(select(documents.c.data).where(documents.c.collection == "applied"))
        return sorted(r.data["n"] for r in rows)


async def eventually(check, timeout: float = 15.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")


async def publish(js, event: RecordedEvent, msg_id: str | None = None) -> None:
    await js.publish(event.subject, event.to_json(masked=True), headers={"Nats-Msg-Id": msg_id or event.event_id})


async def test_a_handler_failing_twice_then_succeeding_is_applied_once(bus):
    store, js, start = bus
    projector = Flaky(store, failures={1: 2})
    subs = projection(store, projector)
    start(subs)
    for n in range(3):
        await publish(js, envelope(n))

    async def all_applied() -> bool:
        return await applied(store) == [0, 1, 2]

    await eventually(all_applied)
    assert projector.attempts[1] == 3
    assert await subs.dead_letters() == []


async def test_a_poison_message_is_parked_after_max_deliver_and_replayable(bus):
    store, js, start = bus
    projector = Flaky(store, failures={7: 99})
    subs = projection(store, projector, max_deliver=3)
    start(subs)
    poison = envelope(7)
    await publish(js, poison)
    await publish(js, envelope(8))

    async def parked() -> bool:
        return len(await subs.dead_letters()) == 1

    await eventually(parked)
    [letter] = await subs.dead_letters()
    assert letter["event_id"] == poison.event_id and letter["deliveries"] == 3
    assert "projection of 7 failed" in letter["error"]
    assert await applied(store) == [8]  # the rest of the stream was not held up

    projector.failures[7] = 0  # the bug is fixed; the operator replays
    await subs.replay(letter["id"])
    assert await applied(store) == [7, 8]
    assert await subs.dead_letters() == []


async def test_a_redelivered_event_that_was_already_applied_changes_nothing(bus):
    store, js, start = bus
    projector = Flaky(store, failures={})
    subs = projection(store, projector)
    start(subs)
    event = envelope(5)
    await publish(js, event)
    await publish(js, event, msg_id="the-same-event-again")  # past the duplicate window's reach
    await publish(js, envelope(6))

    async def both() -> bool:
        return await applied(store) == [5, 6]

    await eventually(both)
    await asyncio.sleep(0.3)
    assert (await js.stream_info("MEDIATION")).state.messages == 3  # delivered twice …
    assert projector.attempts[5] == 1  # … applied once: the tracking row turned the second away
    assert await applied(store) == [5, 6]


async def test_a_batch_with_one_failing_event_applies_the_others_and_retries_only_that_one(bus):
    store, js, start = bus
    projector = Flaky(store, failures={10: 2})  # fails inside the batch, then alone, then succeeds
    subs = projection(store, projector)
    for n in range(40):  # on the stream before the consumer starts: they arrive together
        await publish(js, envelope(n))
    start(subs)

    async def all_applied() -> bool:
        return await applied(store) == list(range(40))

    await eventually(all_applied)
    assert projector.attempts[10] == 3
    assert all(projector.attempts[n] <= 2 for n in range(40) if n != 10)  # the batch, then each on its own
    assert await subs.dead_letters() == []


async def test_consumers_carry_on_after_nats_restarts(bus, nats_server):
    store, js, start = bus
    projector = Flaky(store, failures={})
    subs = projection(store, projector)
    start(subs)
    await publish(js, envelope(1))

    async def first() -> bool:
        return await applied(store) == [1]

    await eventually(first)
    await asyncio.to_thread(nats_server.restart)
    for _ in range(100):  # the publisher's connection comes back on its own
        try:
            await publish(js, envelope(2))
            break
        except Exception:
            await asyncio.sleep(0.1)

    async def second() -> bool:
        return await applied(store) == [1, 2]

    await eventually(second, timeout=30)
    assert projector.attempts[1] == 1


async def test_a_message_that_is_no_event_is_parked_as_it_came_and_the_rest_go_on(bus):
    store, js, start = bus
    projector = Flaky(store, failures={})
    subs = projection(store, projector)
    start(subs)
    await js.publish("fazhi.mediation.houtai.dispute.registered", b'{"not": "an envelope"}',
                     headers={"Nats-Msg-Id": "garbage-1"})
    await publish(js, envelope(3))

    async def parked() -> bool:
        return len(await subs.dead_letters()) == 1 and await applied(store) == [3]

    await eventually(parked)
    [letter] = await subs.dead_letters()
    assert letter["event_id"] == "garbage-1" and letter["envelope"] == {"unreadable": '{"not": "an envelope"}'}
    assert "KeyError" in letter["error"]
    from fazhi.errors import RuleViolation

    with pytest.raises(RuleViolation, match="not an event envelope"):
        await subs.replay(letter["id"])
    assert len(await subs.dead_letters()) == 1  # still there to be looked at


async def test_a_lingering_consumer_takes_what_arrived_meanwhile_in_one_delivery_and_applies_each_once(bus):
    store, js, start = bus
    subs = projection(store, Flaky(store, failures={}), linger=1.0)
    handler = subs.subscriptions["test-projection"].handler
    batches: list[int] = []
    many = handler.many

    async def counted(events):  # type: ignore[no-untyped-def]
        batches.append(len(events))
        await many(events)

    handler.many = counted  # type: ignore[method-assign]
    start(subs)
    await asyncio.gather(*(publish(js, envelope(n)) for n in range(40)))  # more than one transaction's worth

    async def all_applied() -> bool:
        return await applied(store) == list(range(40))

    await eventually(all_applied)
    assert batches == [40]


async def test_an_envelope_that_is_not_the_streams_services_is_parked_unapplied_and_cannot_be_replayed(bus):
    store, js, start = bus
    projector = Flaky(store, failures={})
    subs = projection(store, projector)
    start(subs)
    event = envelope(4)
    claims_petition = {**event.to_cloudevent(), "source": "/fazhi/petition/houtai"}
    await js.publish(event.subject, orjson.dumps(claims_petition), headers={"Nats-Msg-Id": event.event_id})
    elsewhere = envelope(5)  # its envelope says houtai, its subject another township
    await js.publish("fazhi.mediation.zhoutang.dispute.registered", elsewhere.to_json(),
                     headers={"Nats-Msg-Id": elsewhere.event_id})
    await publish(js, envelope(6))

    async def parked() -> bool:
        return len(await subs.dead_letters()) == 2 and await applied(store) == [6]

    await eventually(parked)
    source, subject = await subs.dead_letters()
    assert "source '/fazhi/petition/houtai' does not match the stream of mediation" in source["error"]
    assert "subject 'fazhi.mediation.zhoutang.dispute.registered' does not match" in subject["error"]
    assert source["envelope"]["type"] == "mediation.dispute.registered"  # shown as it came, for the operator
    from fazhi.errors import RuleViolation

    with pytest.raises(RuleViolation, match="not an event envelope of its stream"):
        await subs.replay(source["id"])
    assert await applied(store) == [6]
