"""Replicas of a service on one database: exactly one relay works; a standby takes over."""

from __future__ import annotations

import asyncio

import pytest

from sqlalchemy import text

from fazhi.lease import Lease
from fazhi.store.sql import SqlEventStore


async def test_one_holder_at_a_time_and_a_standby_takes_over_when_it_goes(database_url):
    first, second = await SqlEventStore.open(database_url), await SqlEventStore.open(database_url)
    working: list[str] = []

    def worker(name: str):
        async def work() -> None:
            working.append(name)
            await asyncio.Event().wait()
        return work

    a = asyncio.create_task(Lease(first, check_seconds=0.1).run(worker("a")))
    await asyncio.sleep(0.3)
    b = asyncio.create_task(Lease(second, check_seconds=0.1).run(worker("b")))
    await asyncio.sleep(0.5)
    assert working == ["a"]  # b waits as a standby
    a.cancel()
    await asyncio.gather(a, return_exceptions=True)
    for _ in range(50):
        if working == ["a", "b"]:
            break
        await asyncio.sleep(0.1)
    assert working == ["a", "b"]
    b.cancel()
    await asyncio.gather(b, return_exceptions=True)
    await first.close()
    await second.close()


@pytest.mark.postgres
async def test_a_holder_whose_database_session_dies_stops_working(postgres_url):
    # PostgreSQL only: SQLite's lease is a file lock, which cannot be lost while its process lives.
    store, killer = await SqlEventStore.open(postgres_url), await SqlEventStore.open(postgres_url)
    lease = Lease(store, check_seconds=0.1)
    stopped = asyncio.Event()

    async def work() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            stopped.set()

    task = asyncio.create_task(lease.run(work))
    await asyncio.sleep(0.3)
    async with killer.writer.connect() as conn:
        await conn.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = 7424003"))
    await asyncio.wait_for(stopped.wait(), 5)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await store.close()
    await killer.close()
