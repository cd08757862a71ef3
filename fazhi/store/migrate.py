"""Schema by migrations: `upgrade(engine)` brings a database to the newest revision."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 7_424_002  # PostgreSQL advisory lock: replicas starting together migrate once


def alembic_config(*extra_locations: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    locations = [MIGRATIONS / "versions", *extra_locations]
    config.set_main_option("version_locations", " ".join(str(p) for p in locations))
    config.set_main_option("path_separator", "space")
    return config


async def upgrade(engine: AsyncEngine, *extra_locations: Path) -> None:
    """Apply every pending revision (the kernel's, then a service's own, if any)."""
    config = alembic_config(*extra_locations)

    def run(sync_connection) -> None:
        config.attributes["connection"] = sync_connection
        command.upgrade(config, "heads")

    async with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        await conn.run_sync(run)
