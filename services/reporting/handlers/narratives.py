"""Editing a section's narrative: a new stream on the first edit, then versions guarded by If-Match."""

from __future__ import annotations

from services.reporting.contract import Placement, Report
from services.reporting.domain import Narrative
from services.reporting.domain.narrative import narrative_key
from services.reporting.handlers.context import Context
from services.reporting.handlers.yearly import write_yearly, yearly_id
from services.reporting.views import project_narrative


def narrative_id(township: str, year: int, section: int, report: Report = Report.RULE_OF_LAW) -> str:
    """One stream per township, report, year and section, its id following from them."""
    return yearly_id(Narrative, township, narrative_key(year, section, report))


async def edit(ctx: Context, report: Report, year: int, section: int, text: str, placement: Placement,
               if_match: int | None) -> Narrative:
    """Write the section's text; editing an existing text needs the version it was read at (If-Match)."""
    def decide(n: Narrative):  # type: ignore[no-untyped-def]
        return n.edit(report=report, year=year, section=section, text=text, placement=placement,
                      editor=ctx.metadata["actor"])

    return await write_yearly(ctx, Narrative, narrative_key(year, section, report), f"section {section} of {year}",
                              decide, project_narrative, if_match)
