"""The event store contract, run against every engine (SQLite file, PostgreSQL) and the fake."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from datetime import date

import pytest
from sqlalchemy import func, select

from fazhi.errors import ConcurrencyConflict
from fazhi.events import NewEvent
from fazhi.store import Document, DocumentQuery
from fazhi.store.memory import InMemoryEventStore
from fazhi.store.sql import SqlEventStore
from fazhi.store.tables import documents, events
from tests.conftest import _postgres_database


def registered(n: int = 1) -> list[NewEvent]:
    return [NewEvent("mediation.dispute.registered", {"n": i}) for i in range(n)]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres), "memory"])
async def store(request, tmp_path):
    """Each engine in turn, and the fake the unit tests use."""
    if request.param == "memory":
        yield InMemoryEventStore()
        return
    async with AsyncExitStack() as stack:
        url = (f"sqlite+aiosqlite:///{tmp_path}/store.db" if request.param == "sqlite"
               else await stack.enter_async_context(_postgres_database()))
        sql = await SqlEventStore.open(url)
        yield sql
        await sql.close()


async def test_a_new_stream_starts_at_version_one_and_reads_back_in_order(store):
    assert await store.append("d1", "dispute", "houtai", registered(3), expected_version=0) == 3
    history = await store.read_stream("d1")
    assert [e.version for e in history] == [1, 2, 3]
    assert [e.data["n"] for e in history] == [0, 1, 2]
    assert all(e.township == "houtai" and e.recorded_at.tzinfo is not None for e in history)


async def test_appending_at_a_stale_version_is_a_conflict_and_writes_nothing(store):
    await store.append("d1", "dispute", "houtai", registered(), expected_version=0)
    with pytest.raises(ConcurrencyConflict) as caught:
        await store.append("d1", "dispute", "houtai", registered(2), expected_version=0)
    assert caught.value.actual_version == 1
    assert len(await store.read_stream("d1")) == 1


async def test_concurrent_writers_on_one_stream_exactly_one_wins(store):
    await store.append("d1", "dispute", "houtai", registered(), expected_version=0)
    results = await asyncio.gather(
        *(store.append("d1", "dispute", "houtai", registered(2), expected_version=1) for _ in range(16)),
        return_exceptions=True,
    )
    winners = [r for r in results if r == 3]
    assert len(winners) == 1
    assert all(isinstance(r, ConcurrencyConflict) for r in results if r != 3)
    assert [e.version for e in await store.read_stream("d1")] == [1, 2, 3]


async def test_global_positions_increase_across_streams(store):
    for i in range(5):
        await store.append(f"s{i}", "dispute", "houtai", registered(2), expected_version=0)
    everything = await store.read_all(0, 100)
    positions = [e.position for e in everything]
    assert positions == sorted(positions) and len(set(positions)) == 10
    assert [e.position for e in await store.read_all(positions[3], 2)] == positions[4:6]


async def test_documents_are_written_with_their_events_and_filtered(store):
    for i, status in enumerate(["open", "open", "closed"]):
        doc = Document("disputes", f"d{i}", "houtai", 1, {"i": i}, status=status, village="v01",
                       due_on=date(2026, 1, 10 + i), is_open=status == "open")
        await store.append(f"d{i}", "dispute", "houtai", registered(), expected_version=0, documents=[doc])
    page = await store.list_documents(DocumentQuery("disputes", "houtai", status="open"))
    assert sorted(d.id for d in page.items) == ["d0", "d1"]
    overdue = await store.list_documents(DocumentQuery("disputes", "houtai", overdue_on=date(2026, 1, 11)))
    assert [d.id for d in overdue.items] == ["d0"]
    first = await store.list_documents(DocumentQuery("disputes", "houtai", limit=2))
    rest = await store.list_documents(DocumentQuery("disputes", "houtai", limit=2, after=first.next_cursor))
    assert len(first.items) == 2 and len(rest.items) == 1 and rest.next_cursor is None
    assert {d.id for d in first.items + rest.items} == {"d0", "d1", "d2"}


async def test_a_conflicting_append_leaves_its_documents_unwritten(store):
    doc = Document("disputes", "d1", "houtai", 1, {"first": True})
    await store.append("d1", "dispute", "houtai", registered(), expected_version=0, documents=[doc])
    stale = Document("disputes", "d1", "houtai", 2, {"first": False})
    with pytest.raises(ConcurrencyConflict):
        await store.append("d1", "dispute", "houtai", registered(), expected_version=0, documents=[stale])
    assert (await store.get_document("disputes", "d1")).data == {"first": True}


async def test_many_concurrent_writers_share_commits_and_lose_nothing(database_url):
    store = await SqlEventStore.open(database_url)
    try:
        async def writer(w: int) -> None:
            for i in range(25):
                await store.append(f"w{w}-{i}", "dispute", "houtai", registered(), expected_version=0)

        await asyncio.gather(*(writer(w) for w in range(32)))
        async with store.reader.connect() as conn:
            assert await conn.scalar(select(func.count()).select_from(events)) == 800
            assert await conn.scalar(select(func.count()).select_from(documents)) == 0
    finally:
        await store.close()


async def test_commit_listeners_get_every_event_as_read_back_in_position_order(database_url):
    store = await SqlEventStore.open(database_url)
    handed: list = []
    store.on_commit(handed.extend)
    try:
        async def writer(w: int) -> None:
            for i in range(10):
                await store.append(f"l{w}-{i}", "dispute", "houtai", registered(3), expected_version=0,
                                   metadata={"correlation_id": f"c{w}"})

        await asyncio.gather(*(writer(w) for w in range(16)))
        with pytest.raises(ConcurrencyConflict):  # a refused append hands nothing over
            await store.append("l0-0", "dispute", "houtai", registered(), expected_version=0)
        stored = await store.read_all(0, 1000)
        assert len(stored) == 480
        assert handed == stored
        assert [e.position for e in handed] == sorted(e.position for e in handed)
    finally:
        await store.close()


async def test_what_a_listener_wakes_runs_before_the_appender_resumes_and_a_failing_one_holds_nobody(database_url):
    store = await SqlEventStore.open(database_url)
    order: list[str] = []
    committed = asyncio.Event()

    def broken(_events) -> None:
        raise RuntimeError("a listener with a bug")

    store.on_commit(broken)
    store.on_commit(lambda _events: committed.set())  # as the relay is woken

    async def relay() -> None:
        await committed.wait()
        await asyncio.sleep(0)  # its publish hands the bytes to the connection's writer: one more turn
        order.append("relay")

    async def appender(stream_id: str) -> None:
        await store.append(stream_id, "dispute", "houtai", registered(), expected_version=0)
        order.append("appender")

    try:
        woken = asyncio.create_task(relay())
        await asyncio.wait_for(appender("s-1"), 10)
        await woken
        assert order == ["relay", "appender"]  # the events go out before the command's response
        await asyncio.wait_for(appender("s-2"), 10)  # the broken listener stalled nothing
        assert [e.stream_id for e in await store.read_all(0, 10)] == ["s-1", "s-2"]
    finally:
        await store.close()


@pytest.mark.postgres
async def test_a_commit_by_another_process_wakes_the_listeners(postgres_url):
    # PostgreSQL only: replicas share its database; one process writes a SQLite file.
    here, there = await SqlEventStore.open(postgres_url), await SqlEventStore.open(postgres_url)
    calls: list = []
    here.on_commit(calls.append)
    following = asyncio.create_task(here.follow_other_writers())
    try:
        await asyncio.sleep(0.5)  # LISTEN is in place
        await there.append("elsewhere", "dispute", "houtai", registered(), expected_version=0)
        for _ in range(100):
            if calls:
                break
            await asyncio.sleep(0.02)
        assert calls == [()]  # woken, with nothing in hand: read the table
        await here.append("here", "dispute", "houtai", registered(), expected_version=0)
        await asyncio.sleep(0.2)
        assert len(calls) == 2 and [e.stream_id for e in calls[1]] == ["here"]  # its own NOTIFY is not an echo
    finally:
        following.cancel()
        await asyncio.gather(following, return_exceptions=True)
        await here.close()
        await there.close()


async def test_sqlite_appends_wait_off_the_loop_while_another_process_holds_the_write_lock(sqlite_url):
    import sqlite3

    store = await SqlEventStore.open(sqlite_url)
    other = sqlite3.connect(sqlite_url.split("///", 1)[1], isolation_level=None)  # a CLI, a migration
    try:
        other.execute("BEGIN IMMEDIATE")
        append = asyncio.create_task(store.append("waits", "dispute", "houtai", registered(), expected_version=0))
        await asyncio.sleep(0.05)  # the append has started and meets the lock
        # Were the append waiting on the loop's thread, this task could not run until the lock's
        # busy timeout failed the append; it runs, and the append is still waiting, not failed.
        assert await asyncio.wait_for(asyncio.create_task(asyncio.sleep(0.01, result="served")), 1) == "served"
        assert not append.done()
        other.execute("COMMIT")
        assert await asyncio.wait_for(append, 5) == 1
        assert [e.stream_id for e in await store.read_all(0)] == ["waits"]
    finally:
        other.close()
        await store.close()
