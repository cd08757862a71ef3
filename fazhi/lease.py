"""One relay at a time per database, however many replicas of a service run.

PostgreSQL: a session advisory lock on a connection of its own; if the holder dies
or its connection drops, the lock goes with it and a standby replica takes over.
SQLite: an exclusive `flock` on a file beside the database, released by the kernel
when the process dies.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import zlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from fazhi.store.sql import SqlEventStore

log = structlog.get_logger("fazhi.lease")
RELAY_LOCK = 7_424_003


def lock_key(name: str) -> int:
    """The advisory-lock key of a lease: one per name, so leases of different work never block each other."""
    return RELAY_LOCK if name == "relay" else RELAY_LOCK + 1_000_000 + zlib.crc32(name.encode())


class Lease:
    """Run work only while this process holds the lease; give way the moment it is lost."""

    def __init__(self, store: SqlEventStore, name: str = "relay", check_seconds: float = 1.0) -> None:
        self.store = store
        self.name = name
        self.check_seconds = check_seconds
        self._conn: AsyncConnection | None = None
        self._fd: int | None = None

    async def run(self, work: Callable[[], Awaitable[Any]]) -> None:
        """Acquire (waiting as a standby), run `work`, and start over if the lease is lost."""
        while True:
            await self._acquire()
            log.info("lease.acquired", lease=self.name)
            task = asyncio.create_task(work())
            try:
                while not task.done() and await self._still_held():
                    await asyncio.sleep(self.check_seconds)
                if task.done():
                    task.result()
                    return
                log.warning("lease.lost", lease=self.name)
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
                await self._release()

    async def _acquire(self) -> None:
        while not await self._try():
            await asyncio.sleep(self.check_seconds)

    async def _try(self) -> bool:
        if not self.store.is_postgres:
            return self._try_flock()
        try:
            self._conn = await self.store.writer.connect()
            got = await self._conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": lock_key(self.name)})
            await self._conn.commit()
        except Exception as error:  # the database is away: stay a standby
            log.warning("lease.unavailable", error=repr(error))
            got = False
        if not got:
            await self._release()
        return bool(got)

    def _try_flock(self) -> bool:
        path = Path(self.store.writer.url.database or "fazhi").with_suffix(f".{self.name}.lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    async def _still_held(self) -> bool:
        if self._conn is None:
            return self._fd is not None
        try:
            await self._conn.execute(text("SELECT 1"))
            await self._conn.commit()
            return True
        except Exception:
            return False

    async def _release(self) -> None:
        if self._conn is not None:
            try:
                await self._conn.execute(text("SELECT pg_advisory_unlock_all()"))
                await self._conn.commit()
                await self._conn.close()
            except Exception:
                await self._conn.invalidate()  # a broken session is discarded, never pooled
            self._conn = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
