"""The peer: the `eventsourcing` library's application recorders (SQLite, PostgreSQL).

eventsourcing sets `journal_mode=WAL` on SQLite files but has no setting for
`synchronous`, so its connections would run at SQLite's default, FULL (an fsync
per commit). The issue compares at the same `synchronous` setting, so its pool
is given one hook that also sets NORMAL, the setting ours and raw use.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteConnection, SQLiteConnectionPool, SQLiteDatastore

from bench.workload import TOPIC, now, stored_state
from bench.writers import WRITERS

if TYPE_CHECKING:
    from eventsourcing.postgres import PostgresApplicationRecorder


class _NormalSyncPool(SQLiteConnectionPool):
    def _create_connection(self) -> SQLiteConnection:
        connection = super()._create_connection()
        connection._sqlite_conn.execute("PRAGMA synchronous=NORMAL")
        return connection


class NormalSyncDatastore(SQLiteDatastore):
    """eventsourcing's SQLite datastore with `synchronous=NORMAL` on every connection."""

    def __init__(self, db_name: str) -> None:
        super().__init__(db_name)
        self.pool.close()  # nothing connected yet; swap in the same pool with the hook
        self.pool = _NormalSyncPool(db_name=db_name)

    def synchronous(self) -> int:
        with self.transaction(commit=False) as cursor:
            cursor.execute("PRAGMA synchronous")
            return cursor.fetchone()[0]


def sqlite_recorder(path: Path) -> SQLiteApplicationRecorder:
    recorder = SQLiteApplicationRecorder(NormalSyncDatastore(str(path)))
    recorder.create_table()
    return recorder


def postgres_missing() -> str | None:
    """Why eventsourcing's PostgreSQL recorder cannot be imported here, or None."""
    try:
        import eventsourcing.postgres  # noqa: F401  (it needs psycopg_pool as well as psycopg)
    except ImportError as error:
        return f"eventsourcing's PostgreSQL recorder cannot be imported ({error}; pip install 'psycopg[pool]')"
    return None


def postgres_recorder(url: str) -> PostgresApplicationRecorder:
    """A recorder on the database at `url`, with a pool big enough for every writer thread."""
    # Imported here: it needs psycopg_pool, which only the PostgreSQL benchmark does.
    from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

    parts = urlsplit(url.replace("postgresql+asyncpg://", "postgresql://"))
    datastore = PostgresDatastore(
        dbname=parts.path.lstrip("/"), host=parts.hostname or "127.0.0.1", port=parts.port or 5432,
        user=parts.username or "postgres", password=parts.password or "", pool_size=WRITERS,
    )
    recorder = PostgresApplicationRecorder(datastore)
    recorder.create_table()
    return recorder


def record_one(recorder: SQLiteApplicationRecorder | PostgresApplicationRecorder) -> None:
    """Record one event of a new aggregate, as an application saving a new aggregate does."""
    event = StoredEvent(originator_id=uuid.uuid4(), originator_version=1, topic=TOPIC, state=stored_state(now()))
    recorder.insert_events([event])


def record_batch(recorder: SQLiteApplicationRecorder, size: int) -> None:
    """Record `size` events of one new aggregate in one transaction."""
    originator, at = uuid.uuid4(), now()
    recorder.insert_events([StoredEvent(originator, v, TOPIC, stored_state(at)) for v in range(1, size + 1)])
