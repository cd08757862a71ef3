"""The annual reports: 政府信息公开工作年度报告 and the 法治政府建设年度报告 draft, per township and county-wide."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from services.reporting.api.deps import CountyReader, ReportReader, Year
from services.reporting.domain import Narrative
from services.reporting.handlers import figures
from services.reporting.handlers.context import Context
from services.reporting.reports.disclosure_report import disclosure_report
from services.reporting.reports.docx import render_docx
from services.reporting.reports.document import Report
from services.reporting.reports.render import MEDIA_TYPES, Format, render_text
from services.reporting.reports.rule_of_law import rule_of_law_report
from services.reporting.views import SHAPES

router = APIRouter(tags=["reports"])
AsFormat = Annotated[Format, Query(alias="format", description="json, md, html or docx")]


def respond(report: Report, fmt: Format, filename: str) -> Response:
    """The report in the asked format; a .docx comes as an attachment."""
    if fmt is Format.JSON:
        return JSONResponse(report.to_json())
    if fmt is Format.DOCX:
        disposition = f'attachment; filename="{filename}.docx"'
        return Response(render_docx(report), media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": disposition})
    return Response(render_text(report, fmt), media_type=MEDIA_TYPES[fmt])


async def _disclosure(ctx: Context, year: int, fmt: Format) -> Response:
    report = disclosure_report(await figures.statistics(ctx, year))
    return respond(report, fmt, f"disclosure-{ctx.township or ctx.runtime.county.code}-{year}")


async def _rule_of_law(ctx: Context, year: int, fmt: Format) -> Response:
    written = await figures.narratives(ctx, year) if ctx.township else None
    if written is not None:  # the officials' texts: in full to the desk (logged), masked to anyone else
        shape = SHAPES[Narrative.stream_type]
        written = {n: ctx.viewer.show(shape, Narrative.stream_type, row["id"], row) for n, row in written.items()}
    report = rule_of_law_report(await figures.statistics(ctx, year), written)
    return respond(report, fmt, f"rule-of-law-{ctx.township or ctx.runtime.county.code}-{year}")


@router.get("/v1/townships/{township}/reports/disclosure/{year}")
async def township_disclosure_report(ctx: ReportReader, year: Year, fmt: AsFormat = Format.JSON) -> Response:
    """政府信息公开工作年度报告: six sections, tables 二, 三 and 四, the arithmetic check of table 三."""
    return await _disclosure(ctx, year, fmt)


@router.get("/v1/county/reports/disclosure/{year}")
async def county_disclosure_report(ctx: CountyReader, year: Year, fmt: AsFormat = Format.JSON) -> Response:
    """The same report over every township of the county, with a table comparing them."""
    return await _disclosure(ctx, year, fmt)


@router.get("/v1/townships/{township}/reports/rule-of-law/{year}")
async def township_rule_of_law_report(ctx: ReportReader, year: Year, fmt: AsFormat = Format.JSON) -> Response:
    """法治政府建设年度报告 draft: five sections, figures from events, the officials' narrative merged in."""
    return await _rule_of_law(ctx, year, fmt)


@router.get("/v1/county/reports/rule-of-law/{year}")
async def county_rule_of_law_report(ctx: CountyReader, year: Year, fmt: AsFormat = Format.JSON) -> Response:
    """The county-wide draft, with a table comparing the townships."""
    return await _rule_of_law(ctx, year, fmt)
