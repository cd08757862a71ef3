"""The kernel's tables, the same in every service database.

`events` is the event store and the outbox; `documents` holds each service's
read models (written in the transaction of the events they come from);
`cursors`, `tracking` and `dead_letters` belong to the relay and subscriptions;
`case_numbers` to the case numbers the store gives at registration; `access_log` records who
was shown full personal data (`fazhi.access_log`).
"""

from datetime import timezone

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

metadata = MetaData()


class UtcDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (which keeps no zone) too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a timezone-aware column")
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value


# SQLite only autoincrements an INTEGER primary key; PostgreSQL wants BIGINT.
Position = BigInteger().with_variant(Integer(), "sqlite")
Json = JSON().with_variant(JSONB(), "postgresql")

events = Table(
    "events",
    metadata,
    Column("position", Position, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("stream_id", String(64), nullable=False),
    Column("stream_type", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("type", String(128), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("township", String(32), nullable=False),
    Column("data", Json, nullable=False),
    Column("metadata", Json, nullable=False),
    Column("occurred_at", UtcDateTime(), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    UniqueConstraint("stream_id", "version", name="uq_events_stream_version"),
)

documents = Table(
    "documents",
    metadata,
    Column("collection", String(64), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("township", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    Column("status", String(32)),
    Column("village", String(32)),
    Column("category", String(64)),
    Column("severity", String(16)),
    Column("lookup_key", String(128)),
    Column("due_on", Date),
    Column("is_open", Boolean, nullable=False, default=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("data", Json, nullable=False),
    Column("number", String(64)),  # the case number (案号)
    Column("received_on", Date),  # the day the matter arrived
    Column("search_text", Text),  # what a search by a party's name looks in
    Index("ix_documents_list", "collection", "township", "created_at", "id"),
    Index("ix_documents_lookup", "collection", "township", "lookup_key"),
    Index("ix_documents_number", "number"),
)

# The last case number given per township, desk and year: incremented in the transaction
# that writes the registration, so numbers have no gaps and no repeats (revision 0002).
case_numbers = Table(
    "case_numbers",
    metadata,
    Column("township", String(32), primary_key=True),
    Column("desk", String(32), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("last", Integer, nullable=False),
)

cursors = Table(
    "cursors",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

tracking = Table(
    "tracking",
    metadata,
    Column("consumer", String(64), primary_key=True),
    Column("event_id", String(36), primary_key=True),
)

dead_letters = Table(
    "dead_letters",
    metadata,
    Column("id", Position, primary_key=True, autoincrement=True),
    Column("consumer", String(64), nullable=False),
    Column("subject", String(255), nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("envelope", Text, nullable=False),
    Column("error", Text, nullable=False),
    Column("deliveries", Integer, nullable=False),
    Column("parked_at", UtcDateTime(), nullable=False),
    Column("replayed_at", UtcDateTime()),
    UniqueConstraint("consumer", "event_id", name="uq_dead_letters_consumer_event"),
)

access_log = Table(
    "access_log",
    metadata,
    Column("id", Position, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("subject", String(128), nullable=False),
    Column("roles", String(255), nullable=False),
    Column("township", String(32), nullable=False),
    Column("collection", String(64), nullable=False),
    Column("case_id", String(64), nullable=False),
    Column("fields", Text, nullable=False),
    Column("action", String(255), nullable=False),
    Index("ix_access_log_township_at", "township", "at"),
    Index("ix_access_log_case", "case_id"),
    Index("ix_access_log_subject", "subject"),
)
