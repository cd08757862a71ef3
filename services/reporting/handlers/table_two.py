"""Entering table 二's figures for a year: the first entry creates the record, later ones need If-Match."""

from __future__ import annotations

from services.reporting import commands as cmd
from services.reporting.domain import TableTwo
from services.reporting.handlers.context import Context
from services.reporting.handlers.yearly import write_yearly, yearly_id
from services.reporting.views import project_table_two


def table_two_id(township: str, year: int) -> str:
    return yearly_id(TableTwo, township, str(year))


async def enter(ctx: Context, year: int, body: cmd.EnterTableTwo, if_match: int | None) -> TableTwo:
    def decide(t: TableTwo):  # type: ignore[no-untyped-def]
        return t.enter(year=year, licences=body.licences, penalties=body.penalties, enforcement=body.enforcement,
                       fees=body.fees, source=body.source, entered_by=ctx.metadata["actor"])

    return await write_yearly(ctx, TableTwo, str(year), f"table 二 of {year}", decide, project_table_two, if_match)
