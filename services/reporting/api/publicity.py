"""Legal-publicity activities (普法): record, correct, withdraw, read and list."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from fazhi.errors import NotFound
from fazhi.http import IdempotencyKey, IfMatch, page_body
from fazhi.openapi import Page
from fazhi.store import Document, DocumentQuery
from services.reporting import commands as cmd
from services.reporting.api.deps import FigureReader, Writing, YearQuery, showing, shown
from services.reporting.api.responses import ActivityBody
from services.reporting.contract import Theme
from services.reporting.domain import PublicityActivity
from services.reporting.handlers import records
from services.reporting.handlers.context import Context
from services.reporting.views import project_publicity

router = APIRouter(prefix="/v1/townships/{township}/work-records/publicity", tags=["work records"])


@router.post("", status_code=201, summary="登记普法宣传活动", response_model=ActivityBody)
async def record_activity(body: cmd.RecordPublicityActivity, ctx: Writing, response: Response,
                          key: IdempotencyKey = None) -> dict[str, Any]:
    """Record an activity held (201, `Location`); a retry with the same `Idempotency-Key` returns the first."""
    facts = records.publicity_facts(ctx, body)
    activity, created = await records.open_record(ctx, PublicityActivity, lambda a: a.record(**facts), body, key)
    response.headers["Location"] = f"/v1/townships/{ctx.here}/work-records/publicity/{activity.id}"
    return shown(project_publicity(activity)[0], response, ctx)


@router.post("/{activity_id}/correct", summary="更正普法宣传活动", response_model=ActivityBody)
async def correct_activity(activity_id: str, body: cmd.RecordPublicityActivity, ctx: Writing, response: Response,
                           if_match: IfMatch = None) -> dict[str, Any]:
    """Replace the activity's facts with the right ones."""
    facts = records.publicity_facts(ctx, body)
    activity = await records.run(ctx, PublicityActivity, activity_id, lambda a: a.correct(**facts), if_match)
    return shown(project_publicity(activity)[0], response, ctx)


@router.post("/{activity_id}/withdraw", summary="撤销误登记的活动", response_model=ActivityBody)
async def withdraw_activity(activity_id: str, body: cmd.Withdraw, ctx: Writing, response: Response,
                            if_match: IfMatch = None) -> dict[str, Any]:
    """Take back an activity entered in error; it stops counting."""
    decide = lambda a: a.withdraw(reason=body.reason, today=ctx.today)  # noqa: E731
    activity = await records.run(ctx, PublicityActivity, activity_id, decide, if_match)
    return shown(project_publicity(activity)[0], response, ctx)


@router.get("", summary="普法宣传活动列表", response_model=Page[ActivityBody])
async def list_activities(ctx: FigureReader, year: YearQuery = None, village: str | None = None,
                          theme: Theme | None = None, cursor: str | None = None,
                          limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
    """Activities, latest first; filter by year, village and theme."""
    ctx.check_village(village)
    page = await ctx.store.list_documents(DocumentQuery(
        collection=PublicityActivity.stream_type, township=ctx.here, village=village, category=theme,
        lookup_key=str(year) if year else None, after=cursor, limit=limit))
    return page_body(page, showing(ctx))


async def _document(ctx: Context, activity_id: str) -> Document:
    doc = await ctx.store.get_document(PublicityActivity.stream_type, activity_id)
    if doc is None or doc.township != ctx.here:
        raise NotFound(f"publicity activity {activity_id} not found in township {ctx.here}", field="id")
    return doc


@router.get("/{activity_id}", summary="查看一次普法宣传活动", response_model=ActivityBody)
async def get_activity(activity_id: str, ctx: FigureReader, response: Response) -> dict[str, Any]:
    return shown(await _document(ctx, activity_id), response, ctx)
