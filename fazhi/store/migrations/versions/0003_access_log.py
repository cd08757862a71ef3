"""The access log: who was shown which personal fields of which case, and when.

Frozen DDL, like 0001.

Revision ID: 0003_access_log
Revises: 0002_case_numbers
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_access_log"
down_revision = "0002_case_numbers"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "access_log",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subject", sa.String(length=128), nullable=False),
        sa.Column("roles", sa.String(length=255), nullable=False),
        sa.Column("township", sa.String(length=32), nullable=False),
        sa.Column("collection", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_access_log_township_at", "access_log", ["township", "at"])
    op.create_index("ix_access_log_case", "access_log", ["case_id"])
    op.create_index("ix_access_log_subject", "access_log", ["subject"])


def downgrade() -> None:
    op.drop_index("ix_access_log_subject", table_name="access_log")
    op.drop_index("ix_access_log_case", table_name="access_log")
    op.drop_index("ix_access_log_township_at", table_name="access_log")
    op.drop_table("access_log")
