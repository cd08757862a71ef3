"""The officials' narrative of the rule-of-law report: one text per section, each edit a version."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from fazhi.errors import NotFound
from fazhi.http import IfMatch
from fazhi.store import Document
from services.reporting import commands as cmd
from services.reporting.api.deps import ReportReader, Writing, Year, shown
from services.reporting.domain import SECTIONS, Narrative
from services.reporting.handlers import figures
from services.reporting.handlers.context import Context
from services.reporting.handlers.narratives import edit, narrative_id
from services.reporting.views import SHAPES, project_narrative

router = APIRouter(prefix="/v1/townships/{township}/reports/rule-of-law/{year}/narratives", tags=["narratives"])
Section = Annotated[int, Path(ge=1, le=len(SECTIONS), description="the report's section, 1 to 5")]


async def _written(ctx: Context, year: int, section: int) -> Document:
    doc = await ctx.store.get_document(Narrative.stream_type, narrative_id(ctx.here, year, section))
    if doc is None:
        raise NotFound(f"section {section} of {year} has no text yet", field="section")
    return doc


@router.get("")
async def list_narratives(ctx: ReportReader, year: Year) -> dict[str, Any]:
    """Every section with its text and version (0 and no text for a section not written yet)."""
    written = await figures.narratives(ctx, year)
    shape = SHAPES[Narrative.stream_type]
    items = [ctx.viewer.show(shape, Narrative.stream_type, written[n]["id"], written[n]) if n in written
             else {"section": n, "heading": heading, "text": None, "editor": None, "version": 0}
             for n, heading in SECTIONS.items()]
    return {"year": year, "items": items}


@router.get("/{section}")
async def get_narrative(ctx: ReportReader, year: Year, section: Section, response: Response) -> dict[str, Any]:
    return shown(await _written(ctx, year, section), response, ctx)


@router.put("/{section}")
async def edit_narrative(body: cmd.EditNarrative, ctx: Writing, year: Year, section: Section, response: Response,
                         if_match: IfMatch = None) -> dict[str, Any]:
    """Write the section; once it exists, send `If-Match` with the version you edited (412 if it moved on)."""
    narrative = await edit(ctx, year, section, body.text, if_match)
    return shown(project_narrative(narrative)[0], response, ctx)


@router.get("/{section}/history")
async def narrative_history(ctx: ReportReader, year: Year, section: Section) -> dict[str, Any]:
    """Every version of the section, oldest first, with who wrote it and when."""
    await _written(ctx, year, section)
    history = await ctx.store.read_stream(narrative_id(ctx.here, year, section))
    shown = [ctx.viewer.show_event(Narrative.stream_type, e.stream_id, e.type, e.data) for e in history]
    items = [{"version": e.version, "text": data["text"], "editor": data["editor"],
              "edited_at": e.recorded_at.isoformat()} for e, data in zip(history, shown, strict=True)]
    return {"section": section, "year": year, "items": items}


