"""Handler of the monthly screening report, and the villages that have not reported."""

from __future__ import annotations

from collections.abc import Sequence

from fazhi.commands import create
from fazhi.errors import InvalidInput
from fazhi.events import DomainEvent
from fazhi.store import Document, DocumentQuery
from services.mediation import commands as cmd
from services.mediation.domain import Dispute, ScreeningRound
from services.mediation.handlers.context import Context
from services.mediation.views import project_screening


async def report(ctx: Context, body: cmd.ReportScreening) -> tuple[ScreeningRound, bool]:
    """Report a village's month once: the same report again returns it, a different one is refused (409)."""
    ctx.check_village(body.village)
    for i, dispute_id in enumerate(body.dispute_ids):
        doc = await ctx.store.get_document(Dispute.stream_type, dispute_id)
        if doc is None or doc.township != ctx.township or doc.village != body.village:
            raise InvalidInput(f"dispute {dispute_id} is not a dispute of village {body.village}",
                               field=f"dispute_ids.{i}")

    def decide(r: ScreeningRound) -> Sequence[DomainEvent]:
        return r.report(village=body.village, month=body.month, dispute_ids=body.dispute_ids,
                        zero_report=body.zero_report, today=ctx.today)

    round_, created = await create(ctx.store, ScreeningRound, ctx.township, decide, metadata=ctx.metadata,
                                   project=project_screening, idempotency_key=f"{body.village}:{body.month}")
    if not created and (round_.dispute_ids, round_.zero_report) != (body.dispute_ids, body.zero_report):
        decide(round_)  # the domain refuses a second, different report of the month
    return round_, created


async def reports_of(ctx: Context, month: str) -> list[Document]:
    """Every screening report of the township for `month`."""
    found: list[Document] = []
    cursor: str | None = None
    while True:
        page = await ctx.store.list_documents(DocumentQuery(
            collection=ScreeningRound.stream_type, township=ctx.township, lookup_key=month, after=cursor, limit=200))
        found.extend(page.items)
        if page.next_cursor is None:
            return sorted(found, key=lambda d: d.village or "")
        cursor = page.next_cursor


async def missing(ctx: Context, month: str) -> list[str]:
    """The township's villages (county configuration) with no report for `month`."""
    reported = {doc.village for doc in await reports_of(ctx, month)}
    return [v.code for v in ctx.runtime.county.township(ctx.township).villages if v.code not in reported]
