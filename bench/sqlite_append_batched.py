"""Benchmark 2: 100 events per transaction on a SQLite file.

Ours: one `SqlEventStore.append` of 100 events to a new stream, one call after
another. The limit: raw `sqlite3` `executemany` of 100 rows per transaction into
the same table with the same PRAGMAs.
"""

from __future__ import annotations

import asyncio

from bench import raw_sqlite
from bench.measure import Contender, Stopwatch, medians
from bench.report import Comparison
from bench.scratch import Scratch
from bench.workload import METADATA, STREAM_TYPE, TOWNSHIP, new_event
from fazhi.store.sql import SqlEventStore

BATCH = 100
COUNT = 100_000


async def ours(scratch: Scratch) -> float:
    store = await SqlEventStore.open(f"sqlite+aiosqlite:///{scratch.fresh('ours.db')}")
    events = [new_event()] * BATCH
    try:
        with Stopwatch() as watch:
            for b in range(COUNT // BATCH):
                await store.append(f"s{b}", STREAM_TYPE, TOWNSHIP, events, expected_version=0, metadata=METADATA)
        return watch.rate(COUNT)
    finally:
        await store.close()


async def raw(scratch: Scratch) -> float:
    return await asyncio.to_thread(raw_sqlite.insert_batches, scratch.fresh("raw.db"), COUNT, BATCH)


async def run(scratch: Scratch) -> list[Comparison]:
    print(f"  ({BATCH} events per transaction, {COUNT:,} events per run)")
    rates = await medians([
        Contender("ours: SqlEventStore.append(100 events)", lambda: ours(scratch)),
        Contender("raw sqlite3 executemany(100 rows)/txn", lambda: raw(scratch)),
    ])
    ours_rate, raw_rate = rates.values()
    return [Comparison("sqlite_append_batched_vs_raw", ours_rate, raw_rate, "events/s", 0.6)]
