"""Writing a record kept once per township and year (a report section, table 二's figures): a new stream
on the first write, then versions guarded by If-Match so no one's entry is overwritten unseen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fazhi.aggregate import Aggregate
from fazhi.commands import create, execute, stream_id_for
from fazhi.errors import PreconditionFailed
from fazhi.events import DomainEvent
from fazhi.store import Document
from services.reporting.handlers.context import Context

A = TypeVar("A", bound=Aggregate)


def yearly_id(cls: type[Aggregate], township: str, key: str) -> str:
    """One stream per township and key (the year, and the section for a narrative), its id following from them."""
    return stream_id_for(cls.stream_type, township, key)


async def write_yearly(ctx: Context, cls: type[A], key: str, what: str, decide: Callable[[A], list[DomainEvent]],
                       project: Callable[[A], list[Document]], if_match: int | None) -> A:
    """Create the record, or change it at the version it was read at (`what` names it in the errors)."""
    stream_id = yearly_id(cls, ctx.here, key)
    current = cls.from_history(stream_id, ctx.here, await ctx.store.read_stream(stream_id))
    if not current.exists:
        if if_match not in (None, 0):
            raise PreconditionFailed(f"{what} has not been written yet (version 0)", field="If-Match")
        record, created = await create(ctx.store, cls, ctx.here, decide, metadata=ctx.metadata, project=project,
                                       idempotency_key=key)
        if not created:
            raise PreconditionFailed(f"someone else wrote {what} meanwhile; read it and write again", field="If-Match")
        return record
    if if_match is None:
        raise PreconditionFailed(f"{what} is at version {current.version}: send If-Match with the version you "
                                 "changed, so no one's entry is overwritten unseen", field="If-Match")
    return await execute(ctx.store, cls, stream_id, ctx.here, decide, metadata=ctx.metadata, project=project,
                         if_match=if_match)
