"""Reading what the figures rest on (fact rows, work records, narratives) and computing them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from fazhi.store import DocumentQuery
from services.reporting.contract import Report
from services.reporting.domain import AdvisorEngagement, Narrative, PublicityActivity, TableTwo, Training
from services.reporting.facts.reader import ALL, load_facts
from services.reporting.facts.kinds import KINDS
from services.reporting.figures.deadlines import deadline_item, split
from services.reporting.figures.period import Period
from services.reporting.figures.statistics import county_statistics, township_statistics
from services.reporting.figures.work import WorkRecords
from services.reporting.handlers.context import Context
from services.reporting.views import narratives_key


async def _documents(ctx: Context, collection: str, **filters: Any) -> list[dict[str, Any]]:
    page = await ctx.store.list_documents(DocumentQuery(collection=collection, township=ctx.township, limit=ALL,
                                                        **filters))
    return [{**doc.data, "version": doc.version} for doc in page.items]


async def work_records(ctx: Context) -> WorkRecords:
    return WorkRecords(
        publicity=await _documents(ctx, PublicityActivity.stream_type),
        advisors=await _documents(ctx, AdvisorEngagement.stream_type),
        trainings=await _documents(ctx, Training.stream_type),
    )


async def narratives(ctx: Context, year: int, report: Report = Report.RULE_OF_LAW) -> dict[int, dict[str, Any]]:
    """The sections of the report written for the year, by section number."""
    rows = await _documents(ctx, Narrative.stream_type, lookup_key=narratives_key(report, year))
    return {row["section"]: row for row in rows}


async def table_two(ctx: Context, year: int) -> dict[str, Any] | None:
    """Table 二's entered figures: the township's, or the county's sum once every township has entered them."""
    rows = await _documents(ctx, TableTwo.stream_type, lookup_key=str(year))
    if ctx.township is not None:
        return rows[0] if rows else None
    if {row["township"] for row in rows} < {t.code for t in ctx.runtime.county.townships}:
        return None
    summed: dict[str, Any] = {k: sum(row[k] for row in rows) for k in ("licences", "penalties", "enforcement")}
    return {**summed, "fees": str(sum(Decimal(row["fees"]) for row in rows))}


async def statistics(ctx: Context, year: int, village: str | None = None) -> dict[str, Any]:
    """The township's statistics (the county's when the context has no township); `village` narrows them."""
    period = Period(year, ctx.today)
    facts, records = await load_facts(ctx.store, ctx.township), await work_records(ctx)
    if ctx.township is None:
        return county_statistics(ctx.runtime.county, facts, records, period)
    township = ctx.runtime.county.township(ctx.township)
    if village is not None:
        ctx.check_village(village)
        facts = facts.where(lambda f: f.get("village") == village)
        records = WorkRecords(publicity=[r for r in records.publicity if r["village"] == village])
        township = township.model_copy(update={"villages": [v for v in township.villages if v.code == village]})
        return {**township_statistics(township, facts, records, period), "village": village}
    return township_statistics(township, facts, records, period)


async def deadlines(ctx: Context, within_days: int) -> dict[str, Any]:
    """Open work across the services that is overdue or due within `within_days` days."""
    horizon = ctx.today + timedelta(days=within_days)
    items = []
    for name, kind in KINDS.items():
        page = await ctx.store.list_documents(DocumentQuery(collection=kind.collection, township=ctx.township,
                                                            due_before=horizon, limit=ALL))
        items += [deadline_item(name, doc, ctx.today) for doc in page.items if doc.due_on is not None]
    return {"as_of": ctx.today.isoformat(), "within_days": within_days, **split(items)}
