"""Benchmark 5: catching up by reading every event in pages of 500, on SQLite.

Ours: `SqlEventStore.read_all(after, 500)` until a page comes back empty, which
yields `RecordedEvent`s (timestamps parsed; payload and metadata parsed on first
use). The peer: eventsourcing's `select_notifications(start, 500,
inclusive_of_start=False)` over the same number of events of the same payload,
which yields `Notification`s (the payload still serialized). Both read a file
written beforehand.

For context only (printed, not a target): both again, each payload parsed too.
"""

from __future__ import annotations

import asyncio
import json

from bench import eventsourcing_peer
from bench.measure import Contender, Stopwatch, medians
from bench.report import Comparison
from bench.scratch import Scratch
from bench.workload import METADATA, STREAM_TYPE, TOWNSHIP, new_event
from fazhi.store.sql import SqlEventStore

COUNT = 50_000
PAGE = 500
PER_STREAM = 100


async def ours(store: SqlEventStore, *, decode: bool = False) -> float:
    read, after = 0, 0
    with Stopwatch() as watch:
        while page := await store.read_all(after, PAGE):
            if decode:
                for event in page:
                    event.data, event.metadata  # noqa: B018 (parsed on first use)
            read += len(page)
            after = page[-1].position
    if read != COUNT:
        raise AssertionError(f"read {read} events, not {COUNT}")
    return watch.rate(read)


def eventsourcing(recorder, *, decode: bool = False) -> float:
    read, start = 0, 0
    with Stopwatch() as watch:
        while page := recorder.select_notifications(start, PAGE, inclusive_of_start=False):
            if decode:
                for notification in page:
                    json.loads(notification.state)
            read += len(page)
            start = page[-1].id
    if read != COUNT:
        raise AssertionError(f"read {read} events, not {COUNT}")
    return watch.rate(read)


async def run(scratch: Scratch) -> list[Comparison]:
    store = await SqlEventStore.open(f"sqlite+aiosqlite:///{scratch.fresh('ours.db')}")
    recorder = eventsourcing_peer.sqlite_recorder(scratch.fresh("es.db"))
    try:
        events = [new_event()] * PER_STREAM
        for s in range(COUNT // PER_STREAM):
            await store.append(f"s{s}", STREAM_TYPE, TOWNSHIP, events, expected_version=0, metadata=METADATA)
            eventsourcing_peer.record_batch(recorder, PER_STREAM)
        print(f"  ({COUNT:,} events, pages of {PAGE})")
        rates = await medians([
            Contender("ours: SqlEventStore.read_all(after, 500)", lambda: ours(store)),
            Contender("eventsourcing select_notifications(500)", lambda: asyncio.to_thread(eventsourcing, recorder)),
            Contender("(context) ours + each payload parsed", lambda: ours(store, decode=True)),
            Contender("(context) eventsourcing + json.loads(state)",
                      lambda: asyncio.to_thread(eventsourcing, recorder, decode=True)),
        ])
    finally:
        await store.close()
        recorder.datastore.close()
    ours_rate, peer_rate, ours_decoded, peer_decoded = rates.values()
    print(f"  context: with every payload parsed, ours / eventsourcing = {ours_decoded / peer_decoded:.2f}")
    return [Comparison("catchup_read_vs_eventsourcing", ours_rate, peer_rate, "events/s", 1.0)]
