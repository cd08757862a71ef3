"""Editing a section's narrative: a new stream on the first edit, then versions guarded by If-Match."""

from __future__ import annotations

from fazhi.commands import create, execute, stream_id_for
from fazhi.errors import PreconditionFailed
from services.reporting.domain import Narrative
from services.reporting.domain.narrative import narrative_key
from services.reporting.handlers.context import Context
from services.reporting.views import project_narrative


def narrative_id(township: str, year: int, section: int) -> str:
    """One stream per township, year and section, its id following from them."""
    return stream_id_for(Narrative.stream_type, township, narrative_key(year, section))


async def edit(ctx: Context, year: int, section: int, text: str, if_match: int | None) -> Narrative:
    """Write the section's text; editing an existing text needs the version it was read at (If-Match)."""
    stream_id = narrative_id(ctx.here, year, section)
    current = Narrative.from_history(stream_id, ctx.here, await ctx.store.read_stream(stream_id))

    def decide(n: Narrative):  # type: ignore[no-untyped-def]
        return n.edit(year=year, section=section, text=text, editor=ctx.metadata["actor"])

    if not current.exists:
        if if_match not in (None, 0):
            raise PreconditionFailed(f"section {section} of {year} has no text yet (version 0)", field="If-Match")
        narrative, created = await create(ctx.store, Narrative, ctx.here, decide, metadata=ctx.metadata,
                                          project=project_narrative, idempotency_key=narrative_key(year, section))
        if not created:
            raise PreconditionFailed("someone else wrote this section meanwhile; read it and edit again",
                                     field="If-Match")
        return narrative
    if if_match is None:
        raise PreconditionFailed(f"section {section} of {year} is at version {current.version}: send If-Match with"
                                 " the version you edited, so no one's text is overwritten unseen", field="If-Match")
    return await execute(ctx.store, Narrative, stream_id, ctx.here, decide, metadata=ctx.metadata,
                         project=project_narrative, if_match=if_match)
