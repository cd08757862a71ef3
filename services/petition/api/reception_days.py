"""Reception days: schedule, list, read, hold, record visitors and cases, close or cancel."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from fazhi.http import IdempotencyKey, IfMatch, etag, page_body
from fazhi.openapi import Page
from fazhi.store import DocumentQuery
from services.petition import commands as cmd
from services.petition.api.deps import DeskOrLeader, Reader, show_written
from services.petition.api.responses import ReceptionDayBody
from services.petition.contract import ReceptionKind, ReceptionStatus
from services.petition.domain import ReceptionDay
from services.petition.handlers import reception_days as handle
from services.petition.handlers.context import Context
from services.petition.views import project_reception_day

router = APIRouter(prefix="/v1/townships/{township}/reception-days", tags=["reception days"])


def _answer(ctx: Context, day: ReceptionDay, response: Response, **headers: Any) -> dict[str, Any]:
    return show_written(ctx, project_reception_day(day), response, **headers)


@router.post("", status_code=201, summary="安排接访日", response_model=ReceptionDayBody)
async def schedule(body: cmd.ScheduleReception, ctx: DeskOrLeader, response: Response,
                   key: IdempotencyKey = None) -> dict[str, Any]:
    """Schedule a leader's reception day or a joint "两代表一委员" reception."""
    day, created = await handle.schedule(ctx, body, key)
    return _answer(ctx, day, response, replayed=not created,
                   location=f"/v1/townships/{ctx.township}/reception-days/{day.id}")


@router.get("", summary="接访日列表", response_model=Page[ReceptionDayBody])
async def list_reception_days(reader: Reader, status: ReceptionStatus | None = None,
                              kind: ReceptionKind | None = None, cursor: str | None = None,
                              limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
    """Reception days, latest day first."""
    page = await reader.context.store.list_documents(DocumentQuery(
        collection=ReceptionDay.stream_type, township=reader.context.township, status=status, category=kind,
        after=cursor, limit=limit))
    return page_body(page, reader.show)


@router.get("/{reception_day_id}", summary="查看一个接访日", response_model=ReceptionDayBody)
async def get_reception_day(reception_day_id: str, reader: Reader, response: Response) -> dict[str, Any]:
    doc = await reader.document(ReceptionDay.stream_type, reception_day_id, "reception day")
    response.headers["ETag"] = etag(doc.version)
    return reader.show(doc)


@router.post("/{reception_day_id}/hold", summary="开始接访", response_model=ReceptionDayBody)
async def hold(reception_day_id: str, ctx: DeskOrLeader, response: Response, if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.hold(ctx, reception_day_id, if_match), response)


@router.post("/{reception_day_id}/record-visitors", summary="记录来访人数及所立信访事项", response_model=ReceptionDayBody)
async def record_visitors(reception_day_id: str, body: cmd.RecordVisitors, ctx: DeskOrLeader, response: Response,
                          if_match: IfMatch) -> dict[str, Any]:
    """Add the people received and link the petition cases opened at the reception."""
    return _answer(ctx, await handle.record_visitors(ctx, reception_day_id, body, if_match), response)


@router.post("/{reception_day_id}/close", summary="结束接访日", response_model=ReceptionDayBody)
async def close(reception_day_id: str, body: cmd.CloseReception, ctx: DeskOrLeader, response: Response,
                if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.close(ctx, reception_day_id, body, if_match), response)


@router.post("/{reception_day_id}/cancel", summary="取消接访日", response_model=ReceptionDayBody)
async def cancel(reception_day_id: str, body: cmd.GiveReason, ctx: DeskOrLeader, response: Response,
                 if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.cancel(ctx, reception_day_id, body, if_match), response)
