"""The event store on SQLAlchemy 2 async: SQLite (aiosqlite) and PostgreSQL (asyncpg).

Appends go through one writer task that commits whatever has queued up in one
transaction (group commit): concurrent commands share a commit instead of queueing
for the database's write lock one by one. Versions are checked inside that
transaction while writes are serialized (SQLite's single writer; a PostgreSQL
advisory lock, which also makes positions commit in order for the relay).
"""

from __future__ import annotations

import asyncio
import base64
import functools
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

import orjson
import structlog
from sqlalchemy import event as sa_event
from sqlalchemy import Connection, Engine, case, create_engine, func, make_url, select, text, tuple_
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from fazhi.clock import Clock
from fazhi.errors import ConcurrencyConflict
from fazhi.events import NewEvent, RecordedEvent
from fazhi.keyfiles import private_file
from fazhi.numbering import NUMBER_FIELD, NumberRequest, with_number
from fazhi.store import CounterFloor, Document, DocumentQuery, EventStore, ImportedStream, NumberTaken, Page
from fazhi.store.tables import case_numbers, cursors, documents, events

log = structlog.get_logger("fazhi.store")
T = TypeVar("T")
BUSY_TIMEOUT_MS = 10_000  # SQLite: how long a writer waits for another process's write lock
CHECKPOINT_SECONDS = 1.0  # SQLite: how often the WAL is copied into the database file, at most
APPEND_LOCK = 7_424_001  # PostgreSQL advisory lock key that serializes appends
COMMIT_CHANNEL = "fazhi_commit"  # PostgreSQL NOTIFY channel: a replica committed events
MAX_BATCH = 256
APPENDS_FIRST_TURNS = 4  # a projection's write lets queued appends go first, for at most this many loop turns

# One index probe per stream, whatever the planner's statistics say: an IN list is
# planned as a sequential scan until the table is first analyzed (a new service's
# first minutes), and one array parameter keeps one prepared statement for any batch.
_PG_CURRENT_VERSIONS = text(
    "SELECT s.id, (SELECT e.version FROM events e WHERE e.stream_id = s.id ORDER BY e.version DESC LIMIT 1) "
    "FROM unnest(CAST(:ids AS varchar[])) AS s(id)"
)


class _Busy(Exception):
    """Another process holds SQLite's write lock."""


@dataclass
class _Append:
    stream_id: str
    stream_type: str
    township: str
    events: Sequence[NewEvent]
    expected_version: int | None
    metadata: dict[str, Any]
    documents: Sequence[Document]
    number: NumberRequest | None = None
    also: Callable[[Connection], None] | None = None  # more rows, written in the same transaction
    done: asyncio.Future[tuple[int, str | None]] = field(  # (version, case number)
        default_factory=lambda: asyncio.get_running_loop().create_future())


def _sqlite_pragmas(engine: AsyncEngine | Engine, *, immediate: bool) -> None:
    sync_engine = engine.sync_engine if isinstance(engine, AsyncEngine) else engine

    @sa_event.listens_for(sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
        cursor = dbapi_connection.cursor()
        pragmas = ["journal_mode=WAL", "synchronous=NORMAL", f"busy_timeout={BUSY_TIMEOUT_MS}", "foreign_keys=ON"]
        if immediate:
            pragmas.append("wal_autocheckpoint=0")  # writers never checkpoint: see SqlEventStore._checkpoint
        for pragma in pragmas:
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @sa_event.listens_for(sync_engine, "begin")
    def on_begin(conn: Any) -> None:
        # Writers take the lock at BEGIN, so they queue instead of failing at COMMIT.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# SQLite pools: one writer connection (writes are serialized anyway), a few readers.
_SQLITE_WRITER_POOL = {"pool_size": 1, "max_overflow": 0}
_SQLITE_READER_POOL = {"pool_size": 4, "max_overflow": 4}


def make_engines(url: str) -> tuple[AsyncEngine, AsyncEngine]:
    """(writer, reader) engines; on SQLite the writer is one connection."""
    if url.startswith("sqlite"):
        _private_database_file(url)
        writer = create_async_engine(url, **_SQLITE_WRITER_POOL)
        reader = create_async_engine(url, **_SQLITE_READER_POOL)
        _sqlite_pragmas(writer, immediate=True)
        _sqlite_pragmas(reader, immediate=False)
        return writer, reader
    engine = create_async_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)
    return engine, engine


def _private_database_file(url: str) -> None:
    """Create the SQLite file owner-only (0600) before SQLite does (it would take the umask: world-readable);
    its -wal and -shm files take the database file's mode."""
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        private_file(Path(database))


def _sync_twin(async_engine: AsyncEngine, *, immediate: bool) -> Engine | None:
    """On SQLite, a plain sqlite3 engine beside `async_engine`, for the hot paths.

    Appends, projection writes and event reads run on the event loop itself: in WAL mode
    with synchronous=NORMAL a small transaction commits without an fsync, in less time
    than a hop to a thread and back (and far less than aiosqlite's hop per statement).
    What could take long is kept off the loop: waiting for another process's write lock
    (the write is retried in a thread) and checkpoints (run in a thread, see `_checkpoint`).
    """
    if async_engine.dialect.name != "sqlite":
        return None
    url = async_engine.url.set(drivername="sqlite")
    engine = create_engine(url, **(_SQLITE_WRITER_POOL if immediate else _SQLITE_READER_POOL))
    _sqlite_pragmas(engine, immediate=immediate)
    return engine


class SqlEventStore(EventStore):
    """The real event store. Create with `await SqlEventStore.open(url, clock)`."""

    def __init__(self, writer: AsyncEngine, reader: AsyncEngine, clock: Clock) -> None:
        self.writer = writer
        self.sync_writer = _sync_twin(writer, immediate=True)
        self.sync_reader = _sync_twin(reader, immediate=False)
        self.reader = reader
        self.clock = clock
        self.is_postgres = writer.dialect.name == "postgresql"
        self._queue: asyncio.Queue[_Append] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._write_lock = asyncio.Lock()
        self._listeners: list[Callable[[Sequence[RecordedEvent]], None]] = []
        self._checkpointing: asyncio.Task[None] | None = None
        self._checkpointed_at = time.monotonic()
        self._token = uuid.uuid4().hex  # tells this process's own notifications from other replicas

    @classmethod
    async def open(cls, url: str, clock: Clock | None = None, *, migrate: bool = True) -> SqlEventStore:
        from fazhi.store.migrate import upgrade

        writer, reader = make_engines(url)
        if migrate:
            await upgrade(writer)
        return cls(writer, reader, clock or Clock())

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._checkpointing is not None:
            await asyncio.gather(self._checkpointing, return_exceptions=True)
        await self.writer.dispose()
        for engine in (self.sync_writer, self.sync_reader):
            if engine is not None:
                engine.dispose()
        if self.reader is not self.writer:
            await self.reader.dispose()

    def on_commit(self, listener: Callable[[Sequence[RecordedEvent]], None]) -> None:
        """Call `listener` with the events of every commit of this process's appends, in position order.

        What the relay and the alert stream send next without reading it back; they read the
        table whenever what they are given does not follow on from what they sent last.
        """
        self._listeners.append(listener)

    async def follow_other_writers(self, check_seconds: float = 5.0) -> None:
        """PostgreSQL: call the commit listeners (with no events: read the table) whenever another
        process — a replica of the service — commits events, so that the relay and the alert
        stream need not wait for their next poll. Runs until cancelled; nothing to do on SQLite,
        whose file has one process writing."""
        if not self.is_postgres:
            return

        def notified(_conn: Any, _pid: int, _channel: str, token: str) -> None:
            if token != self._token:
                for listener in self._listeners:
                    listener(())

        while True:
            conn = await self.writer.connect()
            try:
                raw = await conn.get_raw_connection()
                await raw.driver_connection.add_listener(COMMIT_CHANNEL, notified)
                while True:  # a dropped connection shows here; the polls cover the gap
                    await asyncio.sleep(check_seconds)
                    await conn.execute(text("SELECT 1"))
                    await conn.commit()
            except Exception as error:
                log.warning("store.listen_failed", error=repr(error))
                await asyncio.sleep(1.0)
            finally:
                await conn.invalidate()  # a LISTENing session never goes back to the pool

    # -- writing -------------------------------------------------------------------

    async def append(
        self,
        stream_id: str,
        stream_type: str,
        township: str,
        events: Sequence[NewEvent],
        *,
        expected_version: int | None,
        metadata: dict[str, Any] | None = None,
        documents: Sequence[Document] = (),
        also: Callable[[Connection], None] | None = None,
    ) -> int:
        if not events:
            raise ValueError("append needs at least one event")
        job = _Append(stream_id, stream_type, township, events, expected_version, metadata or {}, documents,
                      also=also)
        version, _ = await self._enqueue(job)
        return version

    async def append_numbered(
        self,
        stream_id: str,
        stream_type: str,
        township: str,
        events: Sequence[NewEvent],
        *,
        number: NumberRequest,
        metadata: dict[str, Any] | None = None,
        documents: Sequence[Document] = (),
    ) -> tuple[int, str]:
        if not events:
            raise ValueError("append needs at least one event")
        job = _Append(stream_id, stream_type, township, events, 0, metadata or {}, documents, number)
        version, given = await self._enqueue(job)
        assert given is not None
        return version, given

    async def import_streams(self, streams: Sequence[ImportedStream],
                             floors: Sequence[CounterFloor] = ()) -> list[str]:
        jobs = [_Append(s.stream_id, s.stream_type, s.township, s.events, 0, s.metadata, s.documents)
                for s in streams]
        numbers = {s.stream_id: s.number for s in streams}
        written, committed = await self.write(lambda conn: self._import(conn, jobs, numbers, floors))
        for listener in self._listeners:  # the relay sends them on, as after any commit
            try:
                listener(committed)
            except Exception:
                log.exception("store.listener_failed", listener=repr(listener))
        return written

    def _import(self, conn: Connection, jobs: list[_Append], numbers: dict[str, str | None],
                floors: Sequence[CounterFloor]) -> tuple[list[str], list[RecordedEvent]]:
        if self.is_postgres:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPEND_LOCK})
        stored: dict[str, int] = {}
        ids = [job.stream_id for job in jobs]
        for at in range(0, len(ids), 500):
            stored.update(self._current_versions(conn, set(ids[at:at + 500])))
        fresh = [job for job in jobs if job.stream_id not in stored]
        self._check_numbers_free(conn, fresh, numbers)
        committed: list[RecordedEvent] = []
        for at in range(0, len(fresh), MAX_BATCH):
            _, written = self._write(conn, fresh[at:at + MAX_BATCH])
            committed.extend(written)
        for floor in floors:
            stmt = self.dialect_insert(case_numbers).values(township=floor.township, desk=floor.desk,
                                                            year=floor.year, last=floor.last)
            higher = case((case_numbers.c.last < stmt.excluded.last, stmt.excluded.last), else_=case_numbers.c.last)
            conn.execute(stmt.on_conflict_do_update(index_elements=["township", "desk", "year"], set_={"last": higher}))
        return [job.stream_id for job in fresh], committed

    def _check_numbers_free(self, conn: Connection, jobs: list[_Append], numbers: dict[str, str | None]) -> None:
        """No imported number may be one another case of the township already has (in its collection)."""
        wanted: dict[tuple[str, str], set[str]] = {}
        for job in jobs:
            number = numbers.get(job.stream_id)
            for doc in job.documents:
                if number is not None and doc.number == number:
                    wanted.setdefault((doc.collection, doc.township), set()).add(number)
        taken: set[str] = set()
        for (collection, township), given in wanted.items():
            listed = sorted(given)
            for at in range(0, len(listed), 500):
                query = select(documents.c.number).where(
                    documents.c.collection == collection, documents.c.township == township,
                    documents.c.number.in_(listed[at:at + 500]))
                taken.update(conn.execute(query).scalars())
        if taken:
            raise NumberTaken(sorted(taken))

    async def _enqueue(self, job: _Append) -> tuple[int, str | None]:
        self._queue.put_nowait(job)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._write_loop(), name="event-store-writer")
        return await job.done

    async def _write_loop(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < MAX_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            await self._commit(batch)

    async def _commit(self, batch: list[_Append]) -> None:
        try:
            async with self._write_lock:
                accepted, committed = await self._write_batch(batch)
        except IntegrityError:
            if len(batch) > 1:  # someone else's row: retry one by one so only that one fails
                for job in batch:
                    if not job.done.done():
                        await self._commit([job])
                return
            _settle(batch[0], error=ConcurrencyConflict(batch[0].stream_id, batch[0].expected_version))
            return
        except Exception as error:  # the database is down or broken: every caller hears it
            for job in batch:
                _settle(job, error=error)
            return
        try:
            if committed and self._listeners:
                for listener in self._listeners:
                    try:
                        listener(committed)
                    except Exception:  # one listener's bug must not stall the writes, nor the others
                        log.exception("store.listener_failed", listener=repr(listener))
                # One loop turn before the callers resume: the relay and the alert stream, woken just now,
                # send the events first (the callers' HTTP responses would otherwise go out ahead of them).
                await asyncio.sleep(0)
        finally:  # committed: the callers hear so, whatever happens to this task meanwhile
            for job, outcome in accepted:
                _settle(job, **outcome)

    async def _write_batch(self, batch: list[_Append]) -> _Written:
        if self.sync_writer is not None:
            if any(job.also is not None for job in batch):  # a file's bytes (~0.2 s for 20 MiB): off the loop
                written = await asyncio.to_thread(self._write_sqlite_now, lambda conn: self._write(conn, batch),
                                                  wait=True)
                self._checkpoint_soon()
                return written
            return await self._write_sqlite(lambda conn: self._write(conn, batch))
        async with self.writer.begin() as conn:
            return await conn.run_sync(self._write, batch)

    def _write(self, conn: Connection, batch: list[_Append]) -> _Written:
        """Check versions and insert; runs with writes serialized. Outcomes are settled by the caller,
        who also hands the events written (with their positions) to the commit listeners."""
        if self.is_postgres:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPEND_LOCK})
        versions = self._current_versions(conn, {job.stream_id for job in batch})
        now = self.clock.now()
        accepted: list[tuple[_Append, int]] = []  # each job with its stream's version before it
        outcomes: list[tuple[_Append, dict[str, Any]]] = []
        for job in batch:
            current = versions.get(job.stream_id, 0)
            if job.expected_version is not None and job.expected_version != current:
                conflict = ConcurrencyConflict(job.stream_id, job.expected_version, current)
                outcomes.append((job, {"error": conflict}))
                continue
            accepted.append((job, current))
            versions[job.stream_id] = current + len(job.events)
            given = self._give_number(conn, job) if job.number is not None else None
            outcomes.append((job, {"version": versions[job.stream_id], "number": given}))
        committed: list[RecordedEvent] = []
        if accepted:
            if self.is_postgres:
                rows = [self._row(job, new, version, now) for job, version, new in _numbered(accepted)]
                insert = events.insert().returning(events.c.position, sort_by_parameter_order=True)
                positions = conn.execute(insert, rows).scalars().all()
                committed = [RecordedEvent(**row, position=at) for row, at in zip(rows, positions, strict=True)]
                conn.execute(text("SELECT pg_notify(:channel, :token)"), {"channel": COMMIT_CHANNEL, "token": self._token})
            else:
                rows = _sqlite_rows(accepted, now)
                conn.exec_driver_sql(_SQLITE_INSERT, rows)
                # One writer, inside its transaction: the rows took the rowids after the largest.
                last = conn.exec_driver_sql("SELECT last_insert_rowid()").scalar_one()
                committed = [_recorded_from_sqlite((at, *row)) for at, row in enumerate(rows, start=last - len(rows) + 1)]
        docs = [doc for job, _ in accepted for doc in job.documents]
        if docs:
            self._upsert_documents(conn, docs, now)
        for job, _ in accepted:
            if job.also is not None:
                job.also(conn)
        return outcomes, committed

    def _give_number(self, conn: Connection, job: _Append) -> str:
        """The next number of the job's desk, counted in this transaction (so a rollback takes it back),
        written into the job's events and documents."""
        assert job.number is not None
        request = job.number
        stmt = self.dialect_insert(case_numbers).values(
            township=request.township, desk=request.desk, year=request.year, last=1)
        stmt = stmt.on_conflict_do_update(
            index_elements=["township", "desk", "year"], set_={"last": case_numbers.c.last + 1},
        ).returning(case_numbers.c.last)
        number = request.format(conn.execute(stmt).scalar_one())
        job.events = [NewEvent(e.type, with_number(e.data, number), e.schema_version) for e in job.events]
        job.documents = [replace(d, data=with_number(d.data, number), number=number) if NUMBER_FIELD in d.data else d
                         for d in job.documents]
        return number

    def _current_versions(self, conn: Connection, stream_ids: set[str]) -> dict[str, int]:
        if self.is_postgres:
            rows = conn.execute(_PG_CURRENT_VERSIONS, {"ids": list(stream_ids)}).all()
            return {stream_id: version for stream_id, version in rows if version is not None}
        placeholders = ", ".join("?" * len(stream_ids))
        query = f"SELECT stream_id, max(version) FROM events WHERE stream_id IN ({placeholders}) GROUP BY stream_id"
        return {stream_id: version for stream_id, version in conn.exec_driver_sql(query, tuple(stream_ids)).all()}

    @staticmethod
    def _row(job: _Append, new: NewEvent, version: int, now: datetime) -> dict[str, Any]:
        return {
            "event_id": str(uuid.uuid4()),
            "stream_id": job.stream_id,
            "stream_type": job.stream_type,
            "version": version,
            "type": new.type,
            "schema_version": new.schema_version,
            "township": job.township,
            "data": new.data,
            "metadata": job.metadata,
            "occurred_at": now,
            "recorded_at": now,
        }

    def _upsert_documents(self, conn: Connection, docs: Sequence[Document], now: datetime) -> None:
        latest = {(d.collection, d.id): d for d in docs}  # one row per key within a batch
        if self.is_postgres:
            conn.execute(self._documents_upsert, [_document_row(d, now) for d in latest.values()])
        else:  # every command and projection writes here: straight to the driver, as the appends do
            stamp = _sqlite_timestamp(now)
            conn.exec_driver_sql(_SQLITE_UPSERT_DOCUMENTS, [_sqlite_document(d, stamp) for d in latest.values()])

    @functools.cached_property
    def _documents_upsert(self) -> Any:
        """Built once: `excluded` rebuilds its column proxies on every use."""
        stmt = self.dialect_insert(documents)
        kept = ("collection", "id", "created_at")
        updated = {c.name: stmt.excluded[c.name] for c in documents.columns if c.name not in kept}
        return stmt.on_conflict_do_update(index_elements=["collection", "id"], set_=updated)

    def dialect_insert(self, table: Any) -> Any:
        """The dialect's INSERT, which knows ON CONFLICT (both engines speak it)."""
        if self.is_postgres:
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    async def write(self, work: Callable[[Connection], T]) -> T:
        """`work(conn)` in one write transaction, handed over in one go: on SQLite a plain
        sqlite3 connection (see `_sync_twin`), on PostgreSQL through `run_sync`. The hot write
        paths (projections, cursors) use this; an aiosqlite transaction costs a thread hop per
        statement, and holds the write lock — which the appends wait for — across all of them."""
        for _ in range(APPENDS_FIRST_TURNS):  # commands' appends waiting to be written go first:
            if self._queue.empty():  # their callers (and the alerts they raise) wait on them
                break
            await asyncio.sleep(0)
        async with self._write_lock:
            if self.sync_writer is not None:
                return await self._write_sqlite(work)
            async with self.writer.begin() as conn:
                return await conn.run_sync(work)

    async def _write_sqlite(self, work: Callable[[Connection], T]) -> T:
        """On the loop when the write lock is free; in a thread, waiting for it, when another
        process (a CLI, a migration) holds it. Called with writes serialized in this process."""
        try:
            result = self._write_sqlite_now(work, wait=False)
        except _Busy:
            result = await asyncio.to_thread(self._write_sqlite_now, work, wait=True)
        self._checkpoint_soon()
        return result

    def _write_sqlite_now(self, work: Callable[[Connection], T], *, wait: bool) -> T:
        assert self.sync_writer is not None
        with self.sync_writer.connect() as conn:
            # On the driver's connection: through SQLAlchemy, the PRAGMA would begin the transaction.
            conn.connection.dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS if wait else 0}")
            try:
                transaction = conn.begin()  # BEGIN IMMEDIATE: takes the write lock or fails at once
            except OperationalError as error:
                if not wait and "locked" in str(error.orig):
                    raise _Busy from error
                raise
            with transaction:
                return work(conn)

    def _checkpoint_soon(self) -> None:
        """Copy the WAL into the database file now and then, in a thread: a checkpoint writes and
        syncs the file, milliseconds the loop must not wait. PASSIVE: it never holds up a writer
        or a reader, and leaves what a reader still needs for the next one."""
        if self._checkpointing is not None and not self._checkpointing.done():
            return
        now = time.monotonic()
        if now - self._checkpointed_at < CHECKPOINT_SECONDS:
            return
        self._checkpointed_at = now
        self._checkpointing = asyncio.create_task(asyncio.to_thread(self._checkpoint), name="wal-checkpoint")

    def _checkpoint(self) -> None:
        assert self.sync_reader is not None
        conn = self.sync_reader.raw_connection()
        try:
            conn.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction outside the hot paths (rebuilds, the operator's tools, the delivery log)."""
        async with self._write_lock, self.writer.begin() as conn:
            yield conn

    async def upsert_documents(self, conn: AsyncConnection, docs: Sequence[Document]) -> None:
        """Write read-model rows inside a caller's `transaction()`."""
        if docs:
            await conn.run_sync(self._upsert_documents, docs, self.clock.now())

    def write_documents(self, conn: Connection, docs: Sequence[Document]) -> None:
        """Write read-model rows inside a caller's `write()`."""
        if docs:
            self._upsert_documents(conn, docs, self.clock.now())

    async def get_cursor(self, name: str) -> int:
        async with self.reader.connect() as conn:
            value = await conn.scalar(select(cursors.c.position).where(cursors.c.name == name))
        return value or 0

    async def set_cursor(self, name: str, position: int) -> None:
        stmt = self.dialect_insert(cursors).values(name=name, position=position)
        stmt = stmt.on_conflict_do_update(index_elements=["name"], set_={"position": position})
        await self.write(lambda conn: conn.execute(stmt))

    # -- reading -------------------------------------------------------------------

    async def read_stream(self, stream_id: str) -> list[RecordedEvent]:
        if self.sync_reader is not None:
            rows = self._fetch(_SQLITE_READ_STREAM, (stream_id,))
            return [_recorded_from_sqlite(row) for row in rows]
        query = select(events).where(events.c.stream_id == stream_id).order_by(events.c.version)
        async with self.reader.connect() as conn:
            return [_recorded(row) for row in (await conn.execute(query)).mappings()]

    async def read_all(self, after_position: int, limit: int = 500) -> list[RecordedEvent]:
        if self.sync_reader is not None:
            rows = self._fetch(_SQLITE_READ_ALL, (after_position, limit))
            return [_recorded_from_sqlite(row) for row in rows]
        query = select(events).where(events.c.position > after_position).order_by(events.c.position).limit(limit)
        async with self.reader.connect() as conn:
            return [_recorded(row) for row in (await conn.execute(query)).mappings()]

    def _fetch(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """SQLite: one statement (its own read snapshot) on a plain sqlite3 connection, on the loop:
        a WAL reader never waits for a lock, and a page of events takes about a millisecond."""
        assert self.sync_reader is not None
        conn = self.sync_reader.raw_connection()
        try:
            return conn.cursor().execute(sql, params).fetchall()
        finally:
            conn.close()

    async def max_position(self) -> int:
        async with self.reader.connect() as conn:
            return (await conn.scalar(select(func.max(events.c.position)))) or 0

    async def get_document(self, collection: str, id: str) -> Document | None:
        query = select(documents).where(documents.c.collection == collection, documents.c.id == id)
        async with self.reader.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return _document(row) if row else None

    async def find_numbers(self, collection: str, township: str, numbers: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        listed = list(dict.fromkeys(numbers))
        async with self.reader.connect() as conn:
            for at in range(0, len(listed), 500):
                query = select(documents.c.number, documents.c.id).where(
                    documents.c.collection == collection, documents.c.township == township,
                    documents.c.number.in_(listed[at:at + 500]))
                found.update({number: id for number, id in (await conn.execute(query)).all()})
        return found

    async def list_documents(self, query: DocumentQuery) -> Page:
        c = documents.c
        stmt = select(documents).where(*_filters(query))
        sort = _SORTS[query.sort]
        if query.sort != "-registered":  # other orders page by position in the order
            offset = _decode_offset(query.after) if query.after else 0
            stmt = stmt.order_by(*sort).offset(offset).limit(query.limit + 1)
        else:
            if query.after:
                created, id = _decode_cursor(query.after)
                stmt = stmt.where(tuple_(c.created_at, c.id) < tuple_(created, id))
            stmt = stmt.order_by(*sort).limit(query.limit + 1)
        async with self.reader.connect() as conn:
            rows = [_document(r) for r in (await conn.execute(stmt)).mappings()]
            total = None
            if query.with_total:
                total = await conn.scalar(select(func.count()).select_from(documents).where(*_filters(query)))
        more = len(rows) > query.limit
        items = rows[: query.limit]
        if not more:
            cursor = None
        elif query.sort != "-registered":
            cursor = _encode_offset((_decode_offset(query.after) if query.after else 0) + query.limit)
        else:
            cursor = _encode_cursor(items[-1])
        return Page(items, cursor, total=total)


def _filters(query: DocumentQuery) -> list[Any]:
    """The WHERE clauses of a list query, without its cursor (what its total counts)."""
    c = documents.c
    where: list[Any] = [c.collection == query.collection]
    for column in ("township", "status", "village", "category", "severity", "lookup_key", "is_open", "number"):
        value = getattr(query, column)
        if value is not None:
            where.append(getattr(c, column) == value)
    if query.overdue_on is not None:
        where += [c.is_open.is_(True), c.due_on < query.overdue_on]
    if query.due_before is not None:
        where += [c.is_open.is_(True), c.due_on <= query.due_before]
    ranges = ((c.created_at, query.registered_from, query.registered_to, "<"),
              (c.received_on, query.received_from, query.received_to, "<="),
              (c.due_on, query.due_from, query.due_to, "<="))
    for column, low, high, below in ranges:
        if low is not None:
            where.append(column >= low)
        if high is not None:
            where.append(column < high if below == "<" else column <= high)
    if query.search:
        pattern = "%" + query.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(c.search_text.like(pattern, escape="\\"))
    return where


# Ties (and days without a date) resolve newest first, then by id: a stable order to page through.
_c = documents.c
_SORTS: dict[str, tuple[Any, ...]] = {
    "-registered": (_c.created_at.desc(), _c.id.desc()),
    "registered": (_c.created_at.asc(), _c.id.asc()),
    "received": (_c.received_on.asc().nulls_last(), _c.created_at.desc(), _c.id.desc()),
    "-received": (_c.received_on.desc().nulls_last(), _c.created_at.desc(), _c.id.desc()),
    "due": (_c.due_on.asc().nulls_last(), _c.created_at.desc(), _c.id.desc()),
    "-due": (_c.due_on.desc().nulls_last(), _c.created_at.desc(), _c.id.desc()),
}


_Written = tuple[list[tuple[_Append, dict[str, Any]]], list[RecordedEvent]]  # outcomes, events committed


def _numbered(accepted: list[tuple[_Append, int]]) -> Iterator[tuple[_Append, int, NewEvent]]:
    """Each accepted job's events with the versions they take."""
    for job, current in accepted:
        for version, new in enumerate(job.events, start=current + 1):
            yield job, version, new


# SQLite appends hand rows straight to the driver, serialized exactly as SQLAlchemy's
# types would (JSON text, naive UTC timestamps): per-row type processing cost more
# than SQLite's own insert. Both read paths parse what this writes.
_SQLITE_INSERT = (
    "INSERT INTO events (event_id, stream_id, stream_type, version, type, schema_version, township, "
    "data, metadata, occurred_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _sqlite_rows(accepted: list[tuple[_Append, int]], now: datetime) -> list[tuple[Any, ...]]:
    stamp = _sqlite_timestamp(now)
    rows: list[tuple[Any, ...]] = []
    for job, current in accepted:
        metadata = _dumps(job.metadata)  # once per append, not per event
        rows.extend(
            (str(uuid.uuid4()), job.stream_id, job.stream_type, version, new.type, new.schema_version,
             job.township, _dumps(new.data), metadata, stamp, stamp)
            for version, new in enumerate(job.events, start=current + 1)
        )
    return rows




def _dumps(value: Any) -> str:
    """Compact UTF-8 JSON: what the relay sends on unchanged (see RecordedEvent.to_json)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()



_DOCUMENT_COLUMNS = ("collection", "id", "township", "version", "status", "village", "category", "severity",
                     "lookup_key", "due_on", "is_open", "created_at", "updated_at", "data", "number", "received_on",
                     "search_text")
_SQLITE_UPSERT_DOCUMENTS = (
    f"INSERT INTO documents ({', '.join(_DOCUMENT_COLUMNS)}) VALUES ({', '.join('?' * len(_DOCUMENT_COLUMNS))}) "
    "ON CONFLICT (collection, id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _DOCUMENT_COLUMNS if c not in ("collection", "id", "created_at"))
)


def _sqlite_document(doc: Document, stamp: str) -> tuple[Any, ...]:
    """A document row as SQLAlchemy's types would store it on SQLite (dates as ISO text, booleans as 0/1)."""
    return (doc.collection, doc.id, doc.township, doc.version, doc.status, doc.village, doc.category, doc.severity,
            doc.lookup_key, doc.due_on.isoformat() if doc.due_on else None, int(doc.is_open),
            _sqlite_timestamp(doc.created_at) if doc.created_at else stamp, stamp, _dumps(doc.data), doc.number,
            doc.received_on.isoformat() if doc.received_on else None, doc.search_text)


def _sqlite_timestamp(at: datetime) -> str:
    """`at` as SQLAlchemy stores a `UtcDateTime` on SQLite: in UTC, without the offset."""
    if at.tzinfo is None:
        raise ValueError("naive datetime given to a timezone-aware column")
    return at.astimezone(timezone.utc).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _settle(job: _Append, *, version: int | None = None, number: str | None = None,
            error: BaseException | None = None) -> None:
    if job.done.done():  # the caller gave up waiting (a dropped HTTP request); the outcome stands
        return
    if error is not None:
        job.done.set_exception(error)
    else:
        assert version is not None
        job.done.set_result((version, number))


def _recorded(row: Any) -> RecordedEvent:
    return RecordedEvent(
        event_id=row["event_id"],
        stream_id=row["stream_id"],
        stream_type=row["stream_type"],
        version=row["version"],
        type=row["type"],
        schema_version=row["schema_version"],
        township=row["township"],
        data=row["data"],
        occurred_at=row["occurred_at"],
        recorded_at=row["recorded_at"],
        metadata=row["metadata"],
        position=row["position"],
    )


# Catch-up reads (the relay, projection replays) are the hot read path. On SQLite the
# rows are converted here rather than by SQLAlchemy's type processors, which parse
# each timestamp with a regular expression and cost more than the query itself.
_EVENT_COLUMNS = ", ".join(("position", "event_id", "stream_id", "stream_type", "version", "type",
                            "schema_version", "township", "data", "metadata", "occurred_at", "recorded_at"))
_SQLITE_READ_ALL = f"SELECT {_EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?"
_SQLITE_READ_STREAM = f"SELECT {_EVENT_COLUMNS} FROM events WHERE stream_id = ? ORDER BY version"


def _recorded_from_sqlite(row: Sequence[Any]) -> RecordedEvent:
    """A raw SQLite row (columns as `_EVENT_COLUMNS`) as a RecordedEvent; times are stored in UTC."""
    position, event_id, stream_id, stream_type, version, type_, schema, township, data, meta, occurred, recorded = row
    occurred_at = datetime.fromisoformat(occurred).replace(tzinfo=timezone.utc)
    # Appends stamp both times with one clock reading; a datetime is immutable, so share it.
    recorded_at = occurred_at if recorded == occurred else datetime.fromisoformat(recorded).replace(tzinfo=timezone.utc)
    return RecordedEvent.stored(event_id, stream_id, stream_type, version, type_, schema, township, data,
                                occurred_at, recorded_at, meta, position)


def _document_row(doc: Document, now: datetime) -> dict[str, Any]:
    return {
        "collection": doc.collection,
        "id": doc.id,
        "township": doc.township,
        "version": doc.version,
        "status": doc.status,
        "village": doc.village,
        "category": doc.category,
        "severity": doc.severity,
        "lookup_key": doc.lookup_key,
        "due_on": doc.due_on,
        "is_open": doc.is_open,
        "created_at": doc.created_at or now,
        "updated_at": now,
        "data": doc.data,
        "number": doc.number,
        "received_on": doc.received_on,
        "search_text": doc.search_text,
    }


def _document(row: Any) -> Document:
    fields = {k: row[k] for k in Document.__dataclass_fields__}
    return Document(**fields)


def _encode_cursor(doc: Document) -> str:
    assert doc.created_at is not None
    return base64.urlsafe_b64encode(f"{doc.created_at.isoformat()}|{doc.id}".encode()).decode()


def _encode_offset(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o|{offset}".encode()).decode()


def _decode_offset(cursor: str) -> int:
    from fazhi.errors import InvalidInput

    try:
        kind, offset = base64.urlsafe_b64decode(cursor.encode()).decode().split("|", 1)
        if kind != "o" or int(offset) < 0:
            raise ValueError(cursor)
        return int(offset)
    except ValueError as error:
        raise InvalidInput("cursor is not one this service handed out for this order", field="cursor") from error


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    from fazhi.errors import InvalidInput

    try:
        created, id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|", 1)
        return datetime.fromisoformat(created), id
    except ValueError as error:
        raise InvalidInput("cursor is not one this service handed out", field="cursor") from error
