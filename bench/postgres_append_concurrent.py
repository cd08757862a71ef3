"""Benchmark 3: single-event appends from 32 concurrent writers on PostgreSQL.

Ours: 32 asyncio tasks calling `SqlEventStore.append` (new stream, expected_version=0).
Raw: an asyncpg pool of 32 connections, one INSERT (its own transaction) per event,
into the kernel's table compiled again in a schema of its own. The peer:
eventsourcing's PostgreSQL recorder (psycopg, 32 threads). All in one scratch
database made for this run; every run starts from an empty table.
"""

from __future__ import annotations

import asyncio
import json
import uuid

import asyncpg
from sqlalchemy import MetaData
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable

from bench import eventsourcing_peer
from bench.measure import Contender, medians
from bench.postgres_scratch import driver_url, scratch_database, unreachable
from bench.report import Comparison, Skipped
from bench.scratch import Scratch
from bench.workload import DATA, EVENT_TYPE, METADATA, STREAM_TYPE, TOWNSHIP, new_event, now
from bench.writers import WRITERS, run_tasks, run_threads
from fazhi.store.sql import SqlEventStore
from fazhi.store.tables import events

COUNT = 16_000
PEER_COUNT = 4_000  # eventsourcing writes about 1k/s here: fewer events, the same rate
NAMES = ("postgres_append_concurrent_vs_raw_asyncpg", "postgres_append_concurrent_vs_eventsourcing")
RAW_SCHEMA = "raw"  # the kernel's table and constraint names, beside ours
RAW_INSERT = (
    f"INSERT INTO {RAW_SCHEMA}.events (event_id, stream_id, stream_type, version, type, schema_version, "
    "township, data, metadata, occurred_at, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
)


def raw_table_ddl() -> str:
    """The kernel's events table in the raw schema, as PostgreSQL sees it (JSONB, timestamptz)."""
    table = events.to_metadata(MetaData(), schema=RAW_SCHEMA)
    return str(CreateTable(table).compile(dialect=postgresql.dialect()))


class Contenders:
    """The three contenders in one scratch database; each empties its own table before a run."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.store: SqlEventStore | None = None
        self.pool: asyncpg.Pool | None = None
        self.recorder = None

    async def open(self, *, with_peer: bool) -> None:
        self.store = await SqlEventStore.open(self.url)
        self.pool = await asyncpg.create_pool(driver_url(self.url), min_size=WRITERS, max_size=WRITERS)
        await self.pool.execute(f"CREATE SCHEMA {RAW_SCHEMA}")
        await self.pool.execute(raw_table_ddl())
        if with_peer:
            self.recorder = await asyncio.to_thread(eventsourcing_peer.postgres_recorder, self.url)

    async def close(self) -> None:
        if self.store is not None:
            await self.store.close()
        if self.pool is not None:
            await self.pool.close()
        if self.recorder is not None:
            self.recorder.datastore.close()

    async def _empty(self, table: str) -> None:
        assert self.pool is not None
        await self.pool.execute(f"TRUNCATE {table}")

    async def ours(self) -> float:
        assert self.store is not None
        await self._empty("public.events")
        store, event = self.store, [new_event()]

        def append(writer: int, i: int):
            return store.append(f"w{writer}-{i}", STREAM_TYPE, TOWNSHIP, event, expected_version=0,
                                metadata=METADATA)

        return await run_tasks(append, COUNT)

    async def raw(self) -> float:
        assert self.pool is not None
        await self._empty(f"{RAW_SCHEMA}.events")
        pool = self.pool

        def append(writer: int, i: int):
            at = now()
            return pool.execute(RAW_INSERT, str(uuid.uuid4()), f"w{writer}-{i}", STREAM_TYPE, 1, EVENT_TYPE, 1,
                                TOWNSHIP, json.dumps(DATA), json.dumps(METADATA), at, at)

        return await run_tasks(append, COUNT)

    async def eventsourcing(self) -> float:
        await self._empty("public.stored_events")
        recorder = self.recorder

        def append(_writer: int, _i: int) -> None:
            eventsourcing_peer.record_one(recorder)

        return await asyncio.to_thread(run_threads, append, PEER_COUNT)


async def run(_scratch: Scratch) -> list[Comparison | Skipped]:
    if reason := await unreachable():
        return [Skipped(name, reason) for name in NAMES]
    peer_missing = eventsourcing_peer.postgres_missing()
    async with scratch_database() as url:
        contenders = Contenders(url)
        try:
            await contenders.open(with_peer=peer_missing is None)
            print(f"  (scratch database {url.rsplit('/', 1)[1]}; {COUNT:,} events per run, "
                  f"{PEER_COUNT:,} for eventsourcing)")
            rates = await medians([
                Contender("ours: SqlEventStore, 32 tasks", contenders.ours),
                Contender("raw asyncpg, pool of 32, 1 INSERT/txn", contenders.raw),
                *([] if peer_missing else [
                    Contender("eventsourcing PostgreSQL recorder, 32 threads", contenders.eventsourcing),
                ]),
            ])
        finally:
            await contenders.close()
    ours_rate, raw_rate, *peer_rate = rates.values()
    vs_peer = (Skipped(NAMES[1], peer_missing) if peer_missing
               else Comparison(NAMES[1], ours_rate, peer_rate[0], "events/s", 2.0))
    return [Comparison(NAMES[0], ours_rate, raw_rate, "events/s", 0.8), vs_peer]
