"""Migrations against the model, on every engine: the frozen revisions and tables.py never drift apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, MetaData, String, inspect
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from fazhi.store.migrate import alembic_config, upgrade
from fazhi.store.tables import metadata

SERVICE_REVISION = '''
"""A service's own table, on a branch of its own that needs the kernel's."""
import sqlalchemy as sa
from alembic import op

revision = "example_0001"
down_revision = None
branch_labels = ("example",)
depends_on = "0001"


def upgrade() -> None:
    op.create_table("example_notes", sa.Column("id", sa.String(36), primary_key=True))


def downgrade() -> None:
    op.drop_table("example_notes")
'''


@pytest.fixture
async def engine(database_url: str):
    engine = create_async_engine(database_url)
    yield engine
    await engine.dispose()


async def differences(engine: AsyncEngine, model: MetaData) -> list:
    def compare(sync_connection) -> list:
        return compare_metadata(MigrationContext.configure(sync_connection), model)

    async with engine.connect() as conn:
        return await conn.run_sync(compare)


async def table_names(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))


async def test_migrating_an_empty_database_gives_exactly_the_tables_of_the_model(engine):
    await upgrade(engine)
    assert await differences(engine, metadata) == []


async def test_the_comparison_notices_a_model_the_migrations_do_not_create(engine):
    await upgrade(engine)
    changed = MetaData()
    for table in metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["events"].append_column(Column("region", String(32)))
    [(op, _schema, table, column)] = await differences(engine, changed)
    assert (op, table, column.name) == ("add_column", "events", "region")


async def test_a_service_revision_applies_after_the_kernel_and_leaves_the_kernel_tables_as_modelled(
    engine, tmp_path: Path
):
    (tmp_path / "example_0001_notes.py").write_text(SERVICE_REVISION)
    await upgrade(engine, tmp_path)
    assert {"events", "documents", "example_notes"} <= await table_names(engine)
    [(op, table)] = await differences(engine, metadata)  # the service's table is not in the kernel's model
    assert (op, table.name) == ("remove_table", "example_notes")


async def test_downgrading_to_base_removes_every_kernel_table(engine):
    await upgrade(engine)
    config = alembic_config()

    def downgrade(sync_connection) -> None:
        config.attributes["connection"] = sync_connection
        command.downgrade(config, "base")

    async with engine.begin() as conn:
        await conn.run_sync(downgrade)
    assert await table_names(engine) == {"alembic_version"}
