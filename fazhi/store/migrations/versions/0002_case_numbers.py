"""Case numbers (案号) and the columns lists sort, filter and search on.

`case_numbers` holds the last sequence number given per township, desk and year; the
event store increments it in the transaction that writes the registration, so a number
is never lost nor given twice. Documents gain the case number, the day the matter
arrived, and the text a name search looks in.

Revision ID: 0002_case_numbers
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_case_numbers"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_numbers",
        sa.Column("township", sa.String(length=32), nullable=False),
        sa.Column("desk", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("township", "desk", "year"),
    )
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("number", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("received_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=True))
    op.create_index("ix_documents_number", "documents", ["number"])


def downgrade() -> None:
    op.drop_index("ix_documents_number", table_name="documents")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("search_text")
        batch.drop_column("received_on")
        batch.drop_column("number")
    op.drop_table("case_numbers")
