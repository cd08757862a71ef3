"""The officials' text of the annual reports: one text per section, each edit a version.

`{report}` is `rule-of-law` (法治政府建设年度报告, sections 1–5) or `disclosure` (政府信息公开工作年度报告,
sections 1–6)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from fazhi.errors import InvalidInput, NotFound
from fazhi.http import IfMatch
from fazhi.store import Document
from services.reporting import commands as cmd
from services.reporting.api.deps import ReportReader, Writing, Year, shown
from services.reporting.api.responses import NarrativeBody, NarrativeHistory, Narratives
from services.reporting.contract import Report
from services.reporting.domain import Narrative
from services.reporting.domain.narrative import SECTIONS_OF
from services.reporting.handlers import figures
from services.reporting.handlers.context import Context
from services.reporting.handlers.narratives import edit, narrative_id
from services.reporting.views import SHAPES, project_narrative

router = APIRouter(prefix="/v1/townships/{township}/reports/{report}/{year}/narratives", tags=["narratives"])
Section = Annotated[int, Path(ge=1, le=max(len(s) for s in SECTIONS_OF.values()),
                              description="the report's section: 1 to 5 (rule-of-law), 1 to 6 (disclosure)")]
Kind = Annotated[Report, Path(description="rule-of-law or disclosure")]


def _checked(report: Report, section: int) -> int:
    if section not in SECTIONS_OF[report]:
        raise InvalidInput(f"the report has sections 1 to {len(SECTIONS_OF[report])}, not {section}", field="section")
    return section


async def _written(ctx: Context, report: Report, year: int, section: int) -> Document:
    doc = await ctx.store.get_document(Narrative.stream_type, narrative_id(ctx.here, year, section, report))
    if doc is None:
        raise NotFound(f"section {section} of {year} has no text yet", field="section")
    return doc


@router.get("", summary="年度报告各部分的文字", response_model=Narratives)
async def list_narratives(ctx: ReportReader, report: Kind, year: Year) -> dict[str, Any]:
    """Every section with its text and version (0 and no text for a section not written yet)."""
    written = await figures.narratives(ctx, year, report)
    shape = SHAPES[Narrative.stream_type]
    items = [ctx.viewer.show(shape, Narrative.stream_type, written[n]["id"], written[n]) if n in written
             else {"section": n, "heading": heading, "text": None, "placement": None, "editor": None, "version": 0}
             for n, heading in SECTIONS_OF[report].items()]
    return {"report": report.value, "year": year, "items": items}


@router.get("/{section}", summary="查看报告一部分的文字", response_model=NarrativeBody)
async def get_narrative(ctx: ReportReader, report: Kind, year: Year, section: Section,
                        response: Response) -> dict[str, Any]:
    return shown(await _written(ctx, report, year, _checked(report, section)), response, ctx)


@router.put("/{section}", summary="撰写或修改报告一部分的文字", response_model=NarrativeBody)
async def edit_narrative(body: cmd.EditNarrative, ctx: Writing, report: Kind, year: Year, section: Section,
                         response: Response, if_match: IfMatch = None) -> dict[str, Any]:
    """Write the section; once it exists, send `If-Match` with the version you edited (412 if it moved on)."""
    narrative = await edit(ctx, report, year, _checked(report, section), body.text, body.placement, if_match)
    return shown(project_narrative(narrative)[0], response, ctx)


@router.get("/{section}/history", summary="报告一部分文字的历次版本", response_model=NarrativeHistory)
async def narrative_history(ctx: ReportReader, report: Kind, year: Year, section: Section) -> dict[str, Any]:
    """Every version of the section, oldest first, with who wrote it and when."""
    await _written(ctx, report, year, _checked(report, section))
    history = await ctx.store.read_stream(narrative_id(ctx.here, year, section, report))
    shown = [ctx.viewer.show_event(Narrative.stream_type, e.stream_id, e.type, e.data) for e in history]
    items = [{"version": e.version, "text": data["text"], "placement": data.get("placement", "after"),
              "editor": data["editor"], "edited_at": e.recorded_at.isoformat()}
             for e, data in zip(history, shown, strict=True)]
    return {"section": section, "year": year, "items": items}
