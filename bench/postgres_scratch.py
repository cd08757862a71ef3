"""A scratch PostgreSQL database per bench run: created at the start, dropped WITH (FORCE) at the end."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

DEFAULT_URL = "postgresql+asyncpg://root@127.0.0.1:5432/test"


def server_url() -> str:
    """The database to connect through (`FAZHI_BENCH_POSTGRES_URL`), in SQLAlchemy's form."""
    return os.environ.get("FAZHI_BENCH_POSTGRES_URL", DEFAULT_URL)


def driver_url(url: str) -> str:
    """The same URL as asyncpg and libpq spell it."""
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def unreachable() -> str | None:
    """Why the server cannot be used for benchmarks, or None when it can."""
    try:
        conn = await asyncpg.connect(driver_url(server_url()), timeout=5)
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        return f"PostgreSQL at {server_url()} unreachable ({error.__class__.__name__}: {error})"
    await conn.close()
    return None


@asynccontextmanager
async def scratch_database() -> AsyncIterator[str]:
    """Yield the SQLAlchemy URL of a new, empty database; drop it afterwards."""
    base = server_url()
    name = f"fazhi_bench_{uuid.uuid4().hex[:12]}"
    await _admin(base, f'CREATE DATABASE "{name}"')
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        await _admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _admin(url: str, statement: str) -> None:
    conn = await asyncpg.connect(driver_url(url), timeout=5)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()
