"""Kernel tables: events (the outbox), documents, cursors, tracking, dead letters.

Revision ID: 0001
Revises:
"""

from alembic import op

from fazhi.store.tables import cursors, dead_letters, documents, events, tracking

revision = "0001"
down_revision = None
branch_labels = ("kernel",)
depends_on = None

TABLES = (events, documents, cursors, tracking, dead_letters)


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        table.create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(TABLES):
        table.drop(bind)
