"""Disputes: register, read one, list with filters, read the full history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from fazhi.errors import InvalidInput, NotFound
from fazhi.http import IdempotencyKey, etag, page_body
from fazhi.listing import Listing
from fazhi.openapi import Page
from fazhi.store import Document, DocumentQuery
from services.mediation import commands as cmd
from services.mediation.api.deps import Acting, Reader, show_written
from services.mediation.api.responses import DisputeBody, DisputeHistory
from services.mediation.contract import Category, DisputeStatus, Severity
from services.mediation.domain import Dispute
from services.mediation.handlers import disputes as handle
from services.mediation.views import project_dispute

router = APIRouter(prefix="/v1/townships/{township}/disputes", tags=["disputes"])


@router.post("", status_code=201, summary="登记矛盾纠纷", response_model=DisputeBody)
async def register_dispute(body: cmd.RegisterDispute, ctx: Acting, response: Response,
                           key: IdempotencyKey = None) -> dict[str, Any]:
    """Register a dispute (201, `Location`); a retry with the same `Idempotency-Key` returns the first one."""
    dispute, created = await handle.register(ctx, body, key)
    response.headers["Location"] = f"/v1/townships/{ctx.township}/disputes/{dispute.id}"
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return show_written(ctx, project_dispute(dispute), response)


@router.get("", summary="纠纷列表", response_model=Page[DisputeBody])
async def list_disputes(
    reader: Reader,
    listing: Listing,
    status: DisputeStatus | None = None,
    village: str | None = None,
    category: Category | None = None,
    severity: Severity | None = None,
    overdue: bool | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """Cases newest first (or by `sort`) with their `total`; `overdue=true` keeps the unconcluded ones past
    their time to conclude; date ranges, a case `number`, or a part of a party's `name`."""
    ctx = reader.context
    if overdue is False:
        raise InvalidInput("overdue filters with true only; leave it out for every case", field="overdue")
    ctx.check_village(village)
    page = await ctx.store.list_documents(DocumentQuery(
        collection=Dispute.stream_type, township=ctx.township, status=status, village=village, category=category,
        severity=severity, overdue_on=ctx.today if overdue else None, after=cursor, limit=limit,
        **listing.query_fields(may_see_names=reader.viewer.full),
    ))
    return page_body(page, reader.show)


async def _document(reader: Reader, dispute_id: str) -> Document:
    doc = await reader.context.store.get_document(Dispute.stream_type, dispute_id)
    if doc is None or doc.township != reader.context.township:
        raise NotFound(f"dispute {dispute_id} not found in township {reader.context.township}", field="id")
    return doc


@router.get("/{dispute_id}", summary="查看一件纠纷", response_model=DisputeBody)
async def get_dispute(dispute_id: str, reader: Reader, response: Response) -> dict[str, Any]:
    doc = await _document(reader, dispute_id)
    response.headers["ETag"] = etag(doc.version)
    return reader.show(doc)


@router.get("/{dispute_id}/events", summary="纠纷的全部事件（办理记录）", response_model=DisputeHistory)
async def dispute_history(dispute_id: str, reader: Reader) -> dict[str, Any]:
    """Every event of the case, oldest first, with who caused it."""
    await _document(reader, dispute_id)
    history = await reader.context.store.read_stream(dispute_id)
    items = [{
        "event_id": e.event_id, "version": e.version, "type": e.type, "occurred_at": e.occurred_at.isoformat(),
        "actor": e.metadata.get("actor"), "data": reader.viewer.show_event(Dispute.stream_type, dispute_id, e.type, e.data),
        "imported": e.metadata.get("imported"),
    } for e in history]
    return {"dispute_id": dispute_id, "items": items}
