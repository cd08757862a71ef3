"""Table 二's figures that no desk records as events, entered for the 政府信息公开工作年度报告."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from fazhi.errors import NotFound
from fazhi.http import IfMatch
from services.reporting import commands as cmd
from services.reporting.api.deps import ReportReader, Writing, Year, shown
from services.reporting.api.responses import TableTwoBody
from services.reporting.domain import TableTwo
from services.reporting.handlers.table_two import enter, table_two_id
from services.reporting.views import project_table_two

router = APIRouter(prefix="/v1/townships/{township}/reports/disclosure/{year}/table-two", tags=["reports"])


@router.get("", summary="查看表二填报数据", response_model=TableTwoBody)
async def get_table_two(ctx: ReportReader, year: Year, response: Response) -> dict[str, Any]:
    """The entered figures (行政许可, 行政处罚, 行政强制, 行政事业性收费), their source and who entered them."""
    doc = await ctx.store.get_document(TableTwo.stream_type, table_two_id(ctx.here, year))
    if doc is None:
        raise NotFound(f"table 二 of {year} has not been entered yet", field="year")
    return shown(doc, response, ctx)


@router.put("", summary="填报或更正表二数据", response_model=TableTwoBody)
async def enter_table_two(body: cmd.EnterTableTwo, ctx: Writing, year: Year, response: Response,
                          if_match: IfMatch = None) -> dict[str, Any]:
    """Enter the year's figures; once entered, send `If-Match` with the version you corrected (412 if it moved on)."""
    record = await enter(ctx, year, body, if_match)
    return shown(project_table_two(record)[0], response, ctx)
