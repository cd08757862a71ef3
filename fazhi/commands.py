"""Running a command against an aggregate: load, decide, append — the same in every service.

`create` opens a stream (idempotently, when the client sent an Idempotency-Key);
`execute` runs a command on an existing one, honouring `If-Match`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from fazhi.aggregate import Aggregate
from fazhi.errors import ConcurrencyConflict, InvalidInput, NotFound, PreconditionFailed
from fazhi.events import DomainEvent, NewEvent
from fazhi.numbering import NUMBER_FIELD, NumberRequest
from fazhi.store import Document, EventStore

A = TypeVar("A", bound=Aggregate)
Decide = Callable[[A], Sequence[DomainEvent]]
Project = Callable[[A], Sequence[Document]]

IDEMPOTENCY_NAMESPACE = uuid.UUID("6f1c2a9e-5d0b-4f3e-9a57-2b8f0c3d4e51")
RETRIES = 3  # re-decide on a concurrent change when the client did not pin a version


def stream_id_for(stream_type: str, township: str, idempotency_key: str | None) -> str:
    """A fresh id, or the same id for every retry that carries the same key."""
    if idempotency_key is None:
        return str(uuid.uuid4())
    return str(uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{stream_type}:{township}:{idempotency_key}"))


async def load(store: EventStore, cls: type[A], stream_id: str, township: str) -> A:
    aggregate = cls.from_history(stream_id, township, await store.read_stream(stream_id))
    if not aggregate.exists:
        raise NotFound(f"{cls.stream_type} {stream_id} not found in township {township}", field="id")
    return aggregate


async def create(
    store: EventStore,
    cls: type[A],
    township: str,
    decide: Decide[A],
    *,
    metadata: dict[str, Any],
    project: Project[A] = lambda _: (),
    idempotency_key: str | None = None,
    fingerprint: str | None = None,
    number: NumberRequest | None = None,
) -> tuple[A, bool]:
    """Open a new stream. Returns (aggregate, created); a retried key returns the first case.

    With `number`, the store gives the case its number (案号) in the transaction that writes it.
    """
    stream_id = stream_id_for(cls.stream_type, township, idempotency_key)
    aggregate = cls(stream_id, township)
    events = list(decide(aggregate))
    aggregate.fold(events)
    meta = {**metadata, "request": fingerprint} if fingerprint else metadata
    new = [NewEvent.of(e) for e in events]
    try:
        if number is None:
            await store.append(stream_id, cls.stream_type, township, new, expected_version=0, metadata=meta,
                               documents=project(aggregate))
        else:
            _, given = await store.append_numbered(stream_id, cls.stream_type, township, new, number=number,
                                                   metadata=meta, documents=project(aggregate))
            numbered = [e.model_copy(update={NUMBER_FIELD: given}) if NUMBER_FIELD in type(e).model_fields else e
                        for e in events]
            aggregate = cls(stream_id, township).fold(numbered)
    except ConcurrencyConflict:
        if idempotency_key is None:
            raise
        history = await store.read_stream(stream_id)
        if fingerprint and history[0].metadata.get("request") != fingerprint:
            raise InvalidInput(
                "this Idempotency-Key was already used for a different request", field="Idempotency-Key"
            ) from None
        return cls.from_history(stream_id, township, history), False
    return aggregate, True


async def execute(
    store: EventStore,
    cls: type[A],
    stream_id: str,
    township: str,
    decide: Decide[A],
    *,
    metadata: dict[str, Any],
    project: Project[A] = lambda _: (),
    if_match: int | None = None,
    also: Callable[[Any], None] | None = None,
) -> A:
    """Run a command on an existing stream; 412 if `if_match` is not its version. `also(conn)` writes
    more rows in the transaction of the events (see `EventStore.append`)."""
    for attempt in range(RETRIES):
        aggregate = await load(store, cls, stream_id, township)
        if if_match is not None and if_match != aggregate.version:
            raise PreconditionFailed(
                f"the case is at version {aggregate.version}, the request was made against {if_match}",
                field="If-Match",
            )
        before = aggregate.version
        events = list(decide(aggregate))
        if not events:  # nothing to record: the command changed nothing
            return aggregate
        aggregate.fold(events)
        try:
            await store.append(
                stream_id, cls.stream_type, township, [NewEvent.of(e) for e in events],
                expected_version=before, metadata=metadata, documents=project(aggregate), also=also,
            )
            return aggregate
        except ConcurrencyConflict:
            if if_match is not None or attempt == RETRIES - 1:
                raise
    raise AssertionError("unreachable")
