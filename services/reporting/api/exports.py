"""Spreadsheets of the figures and lists a desk sends up: .xlsx, or CSV for a single list."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query, Response

from fazhi.ledger import XLSX
from services.reporting.api.deps import CountyReader, FigureReader, YearQuery
from services.reporting.api.statistics import WithinDays
from services.reporting.handlers import figures
from services.reporting.handlers.context import Context
from services.reporting.reports.document import Table
from services.reporting.reports.ledgers import deadline_table, township_table, village_table
from services.reporting.reports.xlsx import render_csv, workbook

router = APIRouter(tags=["exports"])
SHEET = {200: {"description": "the spreadsheet, as an attachment", "content": {
    XLSX: {"schema": {"type": "string", "format": "binary"}}, "text/csv": {"schema": {"type": "string"}}}}}


class Sheet(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


AsSheet = Annotated[Sheet, Query(alias="format", description="xlsx (default) or csv")]


def _file(table: Table, fmt: Sheet, filename: str) -> Response:
    if fmt is Sheet.CSV:
        body, media = render_csv(table), "text/csv; charset=utf-8"
    else:
        body, media = workbook([table]), XLSX
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt.value}"'})


def _name(ctx: Context) -> str:
    return ctx.township or ctx.runtime.county.code


@router.get("/v1/townships/{township}/statistics/villages/export", summary="各村统计表（Excel/CSV）", response_class=Response,
            responses=SHEET)
async def export_village_statistics(ctx: FigureReader, year: YearQuery = None, fmt: AsSheet = Sheet.XLSX) -> Response:
    """各村统计表: the year's figures per village and the township's total, as a spreadsheet."""
    year = year or ctx.today.year
    stats = await figures.statistics(ctx, year)
    return _file(village_table(stats), fmt, f"villages-{_name(ctx)}-{year}")


@router.get("/v1/county/statistics/townships/export", summary="各乡镇统计表（Excel/CSV）", response_class=Response,
            responses=SHEET)
async def export_township_statistics(ctx: CountyReader, year: YearQuery = None, fmt: AsSheet = Sheet.XLSX) -> Response:
    """各乡镇统计表: the year's main figures per township, as a spreadsheet."""
    year = year or ctx.today.year
    stats = await figures.statistics(ctx, year)
    return _file(township_table(stats), fmt, f"townships-{_name(ctx)}-{year}")


@router.get("/v1/townships/{township}/deadlines/export", summary="期限清单（Excel/CSV）", response_class=Response,
            responses=SHEET)
async def export_township_deadlines(ctx: FigureReader, within_days: WithinDays = 7,
                                    fmt: AsSheet = Sheet.XLSX) -> Response:
    """期限清单: overdue work, then work due within `within_days` days, as a spreadsheet."""
    table = deadline_table(await figures.deadlines(ctx, within_days), ctx.runtime.county)
    return _file(table, fmt, f"deadlines-{_name(ctx)}-{ctx.today.isoformat()}")


@router.get("/v1/county/deadlines/export", summary="全县期限清单（Excel/CSV）", response_class=Response,
            responses=SHEET)
async def export_county_deadlines(ctx: CountyReader, within_days: WithinDays = 7, fmt: AsSheet = Sheet.XLSX) -> Response:
    """The same list for every township of the county."""
    table = deadline_table(await figures.deadlines(ctx, within_days), ctx.runtime.county)
    return _file(table, fmt, f"deadlines-{_name(ctx)}-{ctx.today.isoformat()}")
