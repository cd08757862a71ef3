"""Benchmark 1: single-event appends from 32 concurrent writers on a SQLite file.

Ours: 32 asyncio tasks calling `SqlEventStore.append` (new stream, expected_version=0).
The limit: raw `sqlite3`, one connection, one event per transaction, the same table
and PRAGMAs. The peer: eventsourcing's SQLite recorder, 32 threads, each event its
own `insert_events` call. Everything runs at journal_mode=WAL, synchronous=NORMAL.
"""

from __future__ import annotations

import asyncio

from bench import eventsourcing_peer, raw_sqlite
from bench.measure import Contender, medians
from bench.report import Comparison
from bench.scratch import Scratch
from bench.workload import METADATA, STREAM_TYPE, TOWNSHIP, new_event
from bench.writers import run_tasks, run_threads
from fazhi.store.sql import SqlEventStore

COUNT = 16_000


async def ours(scratch: Scratch) -> float:
    store = await SqlEventStore.open(f"sqlite+aiosqlite:///{scratch.fresh('ours.db')}")
    event = [new_event()]

    def append(writer: int, i: int):
        return store.append(f"w{writer}-{i}", STREAM_TYPE, TOWNSHIP, event, expected_version=0, metadata=METADATA)

    try:
        return await run_tasks(append, COUNT)
    finally:
        await store.close()


async def raw(scratch: Scratch) -> float:
    return await asyncio.to_thread(raw_sqlite.insert_one_per_transaction, scratch.fresh("raw.db"), COUNT)


async def eventsourcing(scratch: Scratch) -> float:
    recorder = eventsourcing_peer.sqlite_recorder(scratch.fresh("es.db"))
    try:
        return await asyncio.to_thread(run_threads, lambda _w, _i: eventsourcing_peer.record_one(recorder), COUNT)
    finally:
        recorder.datastore.close()


async def check_settings(scratch: Scratch) -> str:
    """Prove all three run at the same `synchronous` setting (1 = NORMAL)."""
    store = await SqlEventStore.open(f"sqlite+aiosqlite:///{scratch.fresh('check.db')}")
    try:
        assert store.sync_writer is not None
        with store.sync_writer.connect() as conn:
            ours_sync = conn.exec_driver_sql("PRAGMA synchronous").scalar()
    finally:
        await store.close()
    raw_conn = raw_sqlite.connect(scratch.fresh("check-raw.db"))
    raw_sync = raw_sqlite.synchronous(raw_conn)
    raw_conn.close()
    recorder = eventsourcing_peer.sqlite_recorder(scratch.fresh("check-es.db"))
    es_sync = recorder.datastore.synchronous()
    recorder.datastore.close()
    if not ours_sync == raw_sync == es_sync == 1:
        raise AssertionError(f"synchronous differs: ours {ours_sync}, raw {raw_sync}, eventsourcing {es_sync}")
    return "journal_mode=WAL, synchronous=NORMAL for ours, raw and eventsourcing"


async def run(scratch: Scratch) -> list[Comparison]:
    print(f"  ({await check_settings(scratch)}; {COUNT:,} events per run)")
    rates = await medians([
        Contender("ours: SqlEventStore, 32 tasks", lambda: ours(scratch)),
        Contender("raw sqlite3, 1 connection, 1 event/txn", lambda: raw(scratch)),
        Contender("eventsourcing SQLite recorder, 32 threads", lambda: eventsourcing(scratch)),
    ])
    ours_rate, raw_rate, es_rate = rates.values()
    return [
        Comparison("sqlite_append_concurrent_vs_raw", ours_rate, raw_rate, "events/s", 0.35),
        Comparison("sqlite_append_concurrent_vs_eventsourcing", ours_rate, es_rate, "events/s", 1.5),
    ]
