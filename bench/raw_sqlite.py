"""The limit on SQLite: plain `sqlite3`, one connection, the kernel's own table and PRAGMAs.

The table is compiled from `fazhi.store.tables.events`, so the raw inserts update
exactly the indexes ours do (position, event id, stream + version).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateTable

from bench.measure import Stopwatch
from bench.workload import event_row, now
from fazhi.store.tables import events

# The same as fazhi.store.sql._sqlite_pragmas, minus the ones that do not touch writes.
PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL")
COLUMNS = ("event_id", "stream_id", "stream_type", "version", "type", "schema_version", "township",
           "data", "metadata", "occurred_at", "recorded_at")
INSERT = f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"


def connect(path: Path) -> sqlite3.Connection:
    """A fresh database holding the kernel's events table."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in PRAGMAS:
        conn.execute(f"PRAGMA {pragma}")
    conn.execute(str(CreateTable(events).compile(dialect=sqlite.dialect())))
    return conn


def synchronous(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA synchronous").fetchone()[0]


def insert_one_per_transaction(path: Path, count: int) -> float:
    """Events per second, each event its own transaction, each on a new stream."""
    conn = connect(path)
    try:
        with Stopwatch() as watch:
            for i in range(count):
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(INSERT, event_row(f"s{i}", 1, now()))
                conn.execute("COMMIT")
        return watch.rate(count)
    finally:
        conn.close()


def insert_batches(path: Path, count: int, batch: int) -> float:
    """Events per second, `executemany` of `batch` rows (one stream) per transaction."""
    conn = connect(path)
    try:
        with Stopwatch() as watch:
            for b in range(count // batch):
                at = now()
                rows = [event_row(f"s{b}", v, at) for v in range(1, batch + 1)]
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(INSERT, rows)
                conn.execute("COMMIT")
        return watch.rate(count // batch * batch)
    finally:
        conn.close()
