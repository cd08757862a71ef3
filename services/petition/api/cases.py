"""Petition cases: register, list with filters, read one with its repeat chain, read the history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from fazhi.errors import InvalidInput
from fazhi.http import IdempotencyKey, etag, page_body
from fazhi.listing import Listing
from fazhi.openapi import Page
from fazhi.store import DocumentQuery
from services.petition import commands as cmd
from services.petition.api.deps import Desk, Reader, show_written
from services.petition.api.responses import PetitionBody, PetitionDetail, PetitionHistory
from services.petition.contract import CaseStatus, Channel
from services.petition.domain import PetitionCase
from services.petition.handlers import cases as handle
from services.petition.views import project_case

router = APIRouter(prefix="/v1/townships/{township}/petitions", tags=["petitions"])
CASES = PetitionCase.stream_type


@router.post("", status_code=201, summary="登记信访事项", response_model=PetitionBody)
async def register_petition(body: cmd.RegisterPetition, ctx: Desk, response: Response,
                            key: IdempotencyKey = None) -> dict[str, Any]:
    """Register a petition (201, `Location`); a retry with the same `Idempotency-Key` returns the first one."""
    case, created = await handle.register(ctx, body, key)
    return show_written(ctx, project_case(case), response, replayed=not created,
                        location=f"/v1/townships/{ctx.township}/petitions/{case.id}")


@router.get("", summary="信访事项列表", response_model=Page[PetitionBody])
async def list_petitions(
    reader: Reader,
    listing: Listing,
    status: CaseStatus | None = None,
    village: str | None = None,
    channel: Channel | None = None,
    overdue: bool | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """Cases newest first (or by `sort`) with their `total`; `overdue=true` keeps the open ones past their
    current deadline; date ranges, a case `number`, or a part of a petitioner's `name`."""
    ctx = reader.context
    if overdue is False:
        raise InvalidInput("overdue filters with true only; leave it out for every case", field="overdue")
    ctx.check_village(village)
    page = await ctx.store.list_documents(DocumentQuery(
        collection=CASES, township=ctx.township, status=status, village=village, category=channel,
        overdue_on=ctx.today if overdue else None, after=cursor, limit=limit,
        **listing.query_fields(may_see_names=reader.viewer.full),
    ))
    return page_body(page, reader.show)


@router.get("/{case_id}", summary="查看一件信访事项（含同一事项的前案）", response_model=PetitionDetail)
async def get_petition(case_id: str, reader: Reader, response: Response) -> dict[str, Any]:
    """One case, with `chain`: every case of its petitioners on the same matter, oldest first."""
    doc = await reader.document(CASES, case_id, "petition case")
    response.headers["ETag"] = etag(doc.version)
    body = reader.show(doc)
    chain = await handle.chain(reader.context, doc)
    body["chain"] = [{"case_id": d.id, "registered_on": d.data["registered_on"], "status": d.status} for d in chain]
    return body


@router.get("/{case_id}/events", summary="信访事项的全部事件（办理记录）", response_model=PetitionHistory)
async def petition_history(case_id: str, reader: Reader) -> dict[str, Any]:
    """Every event of the case, oldest first, with who caused it."""
    await reader.document(CASES, case_id, "petition case")
    history = await reader.context.store.read_stream(case_id)
    items = [{
        "event_id": e.event_id, "version": e.version, "type": e.type, "occurred_at": e.occurred_at.isoformat(),
        "actor": e.metadata.get("actor"), "data": reader.viewer.show_event(CASES, case_id, e.type, e.data),
        "imported": e.metadata.get("imported"),
    } for e in history]
    return {"case_id": case_id, "items": items}
