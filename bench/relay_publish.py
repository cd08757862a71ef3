"""Benchmark 4: the outbox relay publishing stored events to JetStream.

Ours: `OutboxRelay.run` from cursor 0 until all N events are acknowledged: read
from the SQLite event table, mask and serialize, publish with `Nats-Msg-Id`, collect
the PubAcks, save the cursor. The peer: nats-py
`js.publish_async` of the same subjects, bodies and headers, built beforehand,
all pipelined, then waiting for every PubAck. Both publish to a fresh stream (the
kernel's `mediation` configuration) on a nats-server this benchmark starts.
"""

from __future__ import annotations

import asyncio

import nats
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from bench.measure import Contender, Stopwatch, medians
from bench.report import Comparison
from bench.scratch import Scratch
from bench.workload import METADATA, STREAM_TYPE, TOWNSHIP, new_event
from fazhi.bus import ensure_stream, stream_name
from fazhi.natsserver import NatsServer
from fazhi.relay import CURSOR, OutboxRelay
from fazhi.store.sql import SqlEventStore

COUNT = 20_000
PER_STREAM = 100
SERVICE = "mediation"  # the workload's events are mediation events


async def fresh_stream(js: JetStreamContext) -> None:
    try:
        await js.delete_stream(stream_name(SERVICE))
    except NotFoundError:
        pass
    await ensure_stream(js, SERVICE)


async def stored_messages(js: JetStreamContext) -> int:
    return (await js.stream_info(stream_name(SERVICE))).state.messages


class Contenders:
    """Both publishers, sharing one server, one connection and one filled event store."""

    def __init__(self, store: SqlEventStore, js: JetStreamContext) -> None:
        self.store = store
        self.js = js
        self.messages: list[tuple[str, bytes, dict[str, str]]] = []

    async def fill(self) -> None:
        events = [new_event()] * PER_STREAM
        for s in range(COUNT // PER_STREAM):
            await self.store.append(f"s{s}", STREAM_TYPE, TOWNSHIP, events, expected_version=0, metadata=METADATA)
        # The peer publishes exactly what the relay would, prepared before its clock starts.
        for event in await self.store.read_all(0, COUNT):
            headers = {"Nats-Msg-Id": event.event_id, "Content-Type": "application/cloudevents+json"}
            self.messages.append((event.subject, event.to_json(masked=True), headers))

    async def ours(self) -> float:
        await fresh_stream(self.js)
        await self.store.set_cursor(CURSOR, 0)
        relay = OutboxRelay(self.store, self.js)
        with Stopwatch() as watch:
            running = asyncio.create_task(relay.run())
            while relay.published < COUNT:
                await asyncio.sleep(0.001)
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        await self._check()
        return watch.rate(COUNT)

    async def peer(self) -> float:
        await fresh_stream(self.js)
        with Stopwatch() as watch:
            futures = [await self.js.publish_async(s, body, headers=h) for s, body, h in self.messages]
            await asyncio.gather(*futures)
        await self._check()
        return watch.rate(COUNT)

    async def _check(self) -> None:
        if (stored := await stored_messages(self.js)) != COUNT:
            raise AssertionError(f"the stream holds {stored} messages, not {COUNT}")


async def run(scratch: Scratch) -> list[Comparison]:
    server = NatsServer(scratch.fresh("nats")).start()
    store = await SqlEventStore.open(f"sqlite+aiosqlite:///{scratch.fresh('relay.db')}")
    nc = None
    try:
        nc = await nats.connect(server.url)
        contenders = Contenders(store, nc.jetstream())
        await contenders.fill()
        print(f"  (nats-server on port {server.port}; {COUNT:,} events per run)")
        rates = await medians([
            Contender("ours: OutboxRelay.run", contenders.ours),
            Contender("nats-py js.publish_async, pipelined", contenders.peer),
        ])
    finally:
        if nc is not None:
            await nc.close()
        await store.close()
        server.stop()
    ours_rate, peer_rate = rates.values()
    return [Comparison("relay_publish_vs_publish_async", ours_rate, peer_rate, "events/s", 0.5)]
