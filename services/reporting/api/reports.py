"""The annual reports: 政府信息公开工作年度报告 and the 法治政府建设年度报告 draft, per township and county-wide."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from services.reporting.api.deps import CountyReader, ReportReader, Year
from services.reporting.api.responses import ReportBody
from services.reporting.contract import Report as Written
from services.reporting.domain import Narrative
from services.reporting.handlers import figures
from services.reporting.handlers.context import Context
from services.reporting.reports.disclosure_report import disclosure_report
from services.reporting.reports.document import Report
from services.reporting.reports.docx import render_docx
from services.reporting.reports.render import MEDIA_TYPES, Format, render_text
from services.reporting.reports.rule_of_law import rule_of_law_report
from services.reporting.reports.xlsx import render_xlsx
from services.reporting.views import SHAPES

router = APIRouter(tags=["reports"])
AsFormat = Annotated[Format, Query(alias="format", description="json, md, html, docx, or xlsx (the tables)")]
Final = Annotated[bool, Query(description="the final form: no marks of what is still to supply; 409 saying what is "
                                          "missing (a required section, table 二's figures)")]
DOCUMENTS = {200: {"model": ReportBody, "description": "the report: JSON, or the document in the asked format",
                   "content": {
    "text/markdown": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
        "schema": {"type": "string", "format": "binary"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary"}},
}}}


def respond(ctx: Context, report: Report, fmt: Format, filename: str) -> Response:
    """The report in the asked format; a .docx (signed and dated today) or .xlsx comes as an attachment."""
    if fmt is Format.JSON:
        return JSONResponse(report.to_json())
    if fmt in (Format.DOCX, Format.XLSX):
        body = render_docx(report, ctx.today) if fmt is Format.DOCX else render_xlsx(report)
        disposition = f'attachment; filename="{filename}.{fmt.value}"'
        return Response(body, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": disposition})
    return Response(render_text(report, fmt), media_type=MEDIA_TYPES[fmt])


def _shown(ctx: Context, written: dict[int, dict[str, Any]] | None) -> dict[int, dict[str, Any]] | None:
    """The officials' texts: in full to the desk (logged), masked to anyone else."""
    if written is None:
        return None
    shape = SHAPES[Narrative.stream_type]
    return {n: ctx.viewer.show(shape, Narrative.stream_type, row["id"], row) for n, row in written.items()}


async def _disclosure(ctx: Context, year: int, fmt: Format, final: bool) -> Response:
    written = await figures.narratives(ctx, year, Written.DISCLOSURE) if ctx.township else None
    report = disclosure_report(await figures.statistics(ctx, year), await figures.table_two(ctx, year), final,
                               _shown(ctx, written), await figures.statistics(ctx, year - 1))
    return respond(ctx, report, fmt, f"disclosure-{ctx.township or ctx.runtime.county.code}-{year}")


async def _rule_of_law(ctx: Context, year: int, fmt: Format, final: bool) -> Response:
    written = await figures.narratives(ctx, year) if ctx.township else None
    report = rule_of_law_report(await figures.statistics(ctx, year), _shown(ctx, written), final)
    return respond(ctx, report, fmt, f"rule-of-law-{ctx.township or ctx.runtime.county.code}-{year}")


@router.get("/v1/townships/{township}/reports/disclosure/{year}", summary="乡镇政府信息公开工作年度报告",
            responses=DOCUMENTS)
async def township_disclosure_report(ctx: ReportReader, year: Year, fmt: AsFormat = Format.JSON,
                                     final: Final = False) -> Response:
    """政府信息公开工作年度报告: six sections, tables 二, 三 and 四, the arithmetic check of table 三."""
    return await _disclosure(ctx, year, fmt, final)


@router.get("/v1/county/reports/disclosure/{year}", summary="各乡镇政府信息公开工作情况汇总", responses=DOCUMENTS)
async def county_disclosure_report(ctx: CountyReader, year: Year, fmt: AsFormat = Format.JSON,
                                   final: Final = False) -> Response:
    """The same report over every township of the county, with a table comparing them."""
    return await _disclosure(ctx, year, fmt, final)


@router.get("/v1/townships/{township}/reports/rule-of-law/{year}", summary="乡镇法治政府建设年度报告（草稿或定稿）",
            responses=DOCUMENTS)
async def township_rule_of_law_report(ctx: ReportReader, year: Year, fmt: AsFormat = Format.JSON,
                                      final: Final = False) -> Response:
    """法治政府建设年度报告, draft or final: five sections, figures from events, the officials' text merged in."""
    return await _rule_of_law(ctx, year, fmt, final)


@router.get("/v1/county/reports/rule-of-law/{year}", summary="各乡镇法治政府建设工作情况汇总", responses=DOCUMENTS)
async def county_rule_of_law_report(ctx: CountyReader, year: Year, fmt: AsFormat = Format.JSON,
                                    final: Final = False) -> Response:
    """The county's roll-up of its townships, with a table comparing them."""
    return await _rule_of_law(ctx, year, fmt, final)
