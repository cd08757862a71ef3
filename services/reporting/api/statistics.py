"""Statistics per township (and village) and county-wide, and the overdue and due-soon lists."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.reporting.api.deps import CountyReader, FigureReader, YearQuery
from services.reporting.api.responses import Deadlines, Statistics
from services.reporting.handlers import figures

router = APIRouter(tags=["statistics"])
WithinDays = Annotated[int, Query(ge=0, le=366, description="due within this many days from today")]


@router.get("/v1/townships/{township}/statistics", summary="乡镇年度统计数据", response_model=Statistics)
async def township_statistics(ctx: FigureReader, year: YearQuery = None, village: str | None = None) -> dict[str, Any]:
    """Every figure of the township for the year, with a row per village; `village` narrows them to one."""
    return await figures.statistics(ctx, year or ctx.today.year, village)


@router.get("/v1/county/statistics", summary="全县年度统计数据及乡镇对比", response_model=Statistics)
async def county_statistics(ctx: CountyReader, year: YearQuery = None) -> dict[str, Any]:
    """The county's figures, and a table comparing its townships."""
    return await figures.statistics(ctx, year or ctx.today.year)


@router.get("/v1/townships/{township}/deadlines", summary="乡镇逾期及即将到期事项", response_model=Deadlines)
async def township_deadlines(ctx: FigureReader, within_days: WithinDays = 7) -> dict[str, Any]:
    """Open work across mediation, disclosure and petitions: overdue, then due within `within_days`."""
    return await figures.deadlines(ctx, within_days)


@router.get("/v1/county/deadlines", summary="全县逾期及即将到期事项", response_model=Deadlines)
async def county_deadlines(ctx: CountyReader, within_days: WithinDays = 7) -> dict[str, Any]:
    """The same list for every township of the county."""
    return await figures.deadlines(ctx, within_days)
