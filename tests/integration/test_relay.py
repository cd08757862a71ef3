"""The outbox relay: nothing lost, nothing doubled — across a SIGKILL and a NATS outage."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from nats.js.api import ConsumerConfig, DeliverPolicy

from fazhi.bus import connect, ensure_stream
from fazhi.events import NewEvent, RecordedEvent
from fazhi.relay import OutboxRelay
from fazhi.store.sql import SqlEventStore

WORKER = Path(__file__).parent / "relay_worker.py"


async def append_events(store: SqlEventStore, streams: int, per_stream: int, start: int = 0) -> None:
    for version in range(start, start + per_stream):
        await asyncio.gather(*(
            store.append(f"d{s}", "dispute", "houtai", [NewEvent("mediation.dispute.noted", {"n": version})],
                         expected_version=version)
            for s in range(streams)
        ))


async def stream_contents(nats_url: str) -> list[RecordedEvent]:
    """Every message on the MEDIATION stream, in stream order."""
    nc = await connect([nats_url], "reader")
    js = nc.jetstream()
    info = await js.stream_info("MEDIATION")
    received: list[RecordedEvent] = []
    sub = await js.pull_subscribe("fazhi.mediation.>", stream="MEDIATION",
                                  config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL))
    while len(received) < info.state.messages:
        for msg in await sub.fetch(500, timeout=5):
            received.append(RecordedEvent.from_json(msg.data))
            await msg.ack()
    await nc.close()
    return received


def assert_exactly_once_in_order(received: list[RecordedEvent], streams: int, per_stream: int) -> None:
    ids = [e.event_id for e in received]
    assert len(ids) == len(set(ids)) == streams * per_stream
    for s in range(streams):
        versions = [e.version for e in received if e.stream_id == f"d{s}"]
        assert versions == list(range(1, per_stream + 1))


async def wait_for_stream(nats_url: str, count: int, timeout: float = 30) -> None:
    nc = await connect([nats_url], "watcher")
    js = nc.jetstream()
    try:
        for _ in range(int(timeout / 0.1)):
            try:
                if (await js.stream_info("MEDIATION")).state.messages >= count:
                    return
            except Exception:
                pass
            await asyncio.sleep(0.1)
        raise TimeoutError(f"stream did not reach {count} messages")
    finally:
        await nc.close()


async def test_relay_killed_between_publish_and_cursor_publishes_every_event_once(database_url, nats_server):
    store = await SqlEventStore.open(database_url)
    await append_events(store, streams=20, per_stream=50)
    killed = subprocess.run([sys.executable, str(WORKER), database_url, nats_server.url, "3"], timeout=60)
    assert killed.returncode == -9  # it really died mid-batch, after publishing, before saving its cursor
    assert 0 < await store.get_cursor("relay") < 1000
    restarted = subprocess.Popen([sys.executable, str(WORKER), database_url, nats_server.url])
    try:
        await wait_for_stream(nats_server.url, 1000)
        for _ in range(100):
            if await store.get_cursor("relay") == await store.max_position():
                break
            await asyncio.sleep(0.1)
    finally:
        restarted.kill()
        restarted.wait()
    assert_exactly_once_in_order(await stream_contents(nats_server.url), streams=20, per_stream=50)
    await store.close()


async def test_commands_accepted_while_nats_is_down_are_delivered_in_order_when_it_returns(
    database_url, nats_server
):
    store = await SqlEventStore.open(database_url)
    nc = await connect([nats_server.url], "relay")
    js = nc.jetstream()
    await ensure_stream(js, "mediation")
    relay = OutboxRelay(store, js, batch_size=100, poll_seconds=0.2, ack_timeout=1.0)
    task = asyncio.create_task(relay.run())
    try:
        await append_events(store, streams=10, per_stream=10)
        await wait_for_stream(nats_server.url, 100)
        nats_server.stop()
        await append_events(store, streams=10, per_stream=10, start=10)  # accepted: NATS is not needed
        for _ in range(50):  # the cursor of the first 100 is saved within `save_seconds`
            if await relay.lag() == 100:
                break
            await asyncio.sleep(0.05)
        assert await relay.lag() == 100
        await asyncio.to_thread(nats_server.restart)
        for _ in range(300):
            if await relay.lag() == 0:
                break
            await asyncio.sleep(0.1)
        assert await relay.lag() == 0
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await nc.close()
    assert_exactly_once_in_order(await stream_contents(nats_server.url), streams=10, per_stream=20)
    await store.close()


async def test_a_stopping_relay_saves_the_cursor_it_had_not_yet_saved(database_url, nats_server):
    store = await SqlEventStore.open(database_url)
    nc = await connect([nats_server.url], "relay")
    js = nc.jetstream()
    await ensure_stream(js, "mediation")
    relay = OutboxRelay(store, js, save_seconds=60.0)  # one save, then none for a minute
    task = asyncio.create_task(relay.run())
    try:
        await store.append("first", "dispute", "houtai", [NewEvent("mediation.dispute.noted", {"n": 0})],
                           expected_version=0)
        await wait_for_stream(nats_server.url, 1)
        await append_events(store, streams=10, per_stream=5)
        await wait_for_stream(nats_server.url, 51)
        for _ in range(100):
            if relay.published == 51:
                break
            await asyncio.sleep(0.05)
        assert await store.get_cursor("relay") < 51  # acknowledged, not yet saved
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await nc.close()
    assert await store.get_cursor("relay") == await store.max_position() == 51
    await store.close()
