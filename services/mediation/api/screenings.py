"""Monthly screening rounds (排查): report one, list a month's, list the villages still missing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from services.mediation import commands as cmd
from services.mediation.api.deps import Acting, Reader, show_written
from services.mediation.api.responses import MissingVillages, ScreeningBody, Screenings
from services.mediation.handlers import screenings as handle
from services.mediation.views import project_screening

router = APIRouter(prefix="/v1/townships/{township}/screenings", tags=["screenings"])
MonthQuery = Annotated[str, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")]


@router.post("", status_code=201, summary="报告本月矛盾纠纷排查", response_model=ScreeningBody)
async def report_screening(body: cmd.ReportScreening, ctx: Acting, response: Response) -> dict[str, Any]:
    """Report a village's month: the disputes found, or `zero_report: true`. Once per village and month."""
    round_, created = await handle.report(ctx, body)
    response.headers["Location"] = f"/v1/townships/{ctx.township}/screenings?month={round_.month}"
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return show_written(ctx, project_screening(round_), response)


@router.get("", summary="某月的排查报告", response_model=Screenings)
async def list_screenings(month: MonthQuery, reader: Reader) -> dict[str, Any]:
    return {"month": month, "items": [reader.show(d) for d in await handle.reports_of(reader.context, month)]}


@router.get("/missing", summary="某月未报告排查的村", response_model=MissingVillages)
async def missing_villages(month: MonthQuery, reader: Reader) -> dict[str, Any]:
    """The township's villages that have not reported their screening for `month`."""
    return {"month": month, "villages": await handle.missing(reader.context, month)}
