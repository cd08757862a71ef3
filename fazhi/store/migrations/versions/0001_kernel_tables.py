"""Kernel tables: events (the outbox), documents, cursors, tracking, dead letters.

Frozen DDL: a revision must create the same schema forever, so nothing here reads
`fazhi.store.tables`. A change to the tables is a new revision;
tests/integration/test_migrations.py fails until the two agree.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = ("kernel",)
depends_on = None

# SQLite only autoincrements an INTEGER primary key; PostgreSQL wants BIGINT.
POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
# tables.UtcDateTime in the model; in DDL it is just a timezone-aware timestamp.
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("position", POSITION, autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("stream_id", sa.String(length=64), nullable=False),
        sa.Column("stream_type", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=128), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("township", sa.String(length=32), nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("metadata", JSON, nullable=False),
        sa.Column("occurred_at", TIMESTAMP, nullable=False),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("position"),
        sa.UniqueConstraint("stream_id", "version", name="uq_events_stream_version"),
        sa.UniqueConstraint("event_id"),
    )
    op.create_table(
        "documents",
        sa.Column("collection", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("township", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=True),
        sa.Column("village", sa.String(length=32), nullable=True),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("severity", sa.String(length=16), nullable=True),
        sa.Column("lookup_key", sa.String(length=128), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.PrimaryKeyConstraint("collection", "id"),
    )
    op.create_index("ix_documents_list", "documents", ["collection", "township", "created_at", "id"])
    op.create_index("ix_documents_lookup", "documents", ["collection", "township", "lookup_key"])
    op.create_table(
        "cursors",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "tracking",
        sa.Column("consumer", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id"),
    )
    op.create_table(
        "dead_letters",
        sa.Column("id", POSITION, autoincrement=True, nullable=False),
        sa.Column("consumer", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("envelope", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("deliveries", sa.Integer(), nullable=False),
        sa.Column("parked_at", TIMESTAMP, nullable=False),
        sa.Column("replayed_at", TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("consumer", "event_id", name="uq_dead_letters_consumer_event"),
    )


def downgrade() -> None:
    op.drop_table("dead_letters")
    op.drop_table("tracking")
    op.drop_table("cursors")
    op.drop_index("ix_documents_lookup", table_name="documents")
    op.drop_index("ix_documents_list", table_name="documents")
    op.drop_table("documents")
    op.drop_table("events")
