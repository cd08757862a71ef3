"""Mediation committees: register, list, read, change members, renew the term."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from fazhi.errors import NotFound
from fazhi.http import IfMatch, etag
from fazhi.store import DocumentQuery
from services.mediation import commands as cmd
from services.mediation.api.deps import Acting, Reader, show_written
from services.mediation.api.responses import CommitteeBody, Committees
from services.mediation.contract import Level
from services.mediation.domain import Committee
from services.mediation.handlers import committees as handle
from services.mediation.views import project_committee

router = APIRouter(prefix="/v1/townships/{township}/committees", tags=["committees"])


@router.post("", status_code=201, summary="登记人民调解委员会", response_model=CommitteeBody)
async def register_committee(body: cmd.RegisterCommittee, ctx: Acting, response: Response) -> dict[str, Any]:
    """Register the township's or a village's committee (3–9 members, a woman among them, 3-year term)."""
    committee, created = await handle.register(ctx, body)
    response.headers["Location"] = f"/v1/townships/{ctx.township}/committees/{committee.id}"
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return show_written(ctx, project_committee(committee), response)


@router.get("", summary="调解委员会列表", response_model=Committees)
async def list_committees(reader: Reader, level: Level | None = None, village: str | None = None) -> dict[str, Any]:
    ctx = reader.context
    ctx.check_village(village)
    # 1 + the township's villages bounds the list: one page holds it
    page = await ctx.store.list_documents(DocumentQuery(
        collection=Committee.stream_type, township=ctx.township, category=level, village=village, limit=1000))
    return {"items": [reader.show(d) for d in sorted(page.items, key=lambda d: (d.category, d.village or ""))]}


@router.get("/{committee_id}", summary="查看一个调解委员会", response_model=CommitteeBody)
async def get_committee(committee_id: str, reader: Reader, response: Response) -> dict[str, Any]:
    doc = await reader.context.store.get_document(Committee.stream_type, committee_id)
    if doc is None or doc.township != reader.context.township:
        raise NotFound(f"committee {committee_id} not found in township {reader.context.township}", field="id")
    response.headers["ETag"] = etag(doc.version)
    return reader.show(doc)


@router.post("/{committee_id}/change-members", summary="调整委员会成员", response_model=CommitteeBody)
async def change_members(committee_id: str, body: cmd.ChangeMembers, ctx: Acting, response: Response,
                         if_match: IfMatch) -> dict[str, Any]:
    committee = await handle.change_members(ctx, committee_id, body, if_match)
    return show_written(ctx, project_committee(committee), response)


@router.post("/{committee_id}/renew", summary="委员会换届", response_model=CommitteeBody)
async def renew(committee_id: str, body: cmd.RenewTerm, ctx: Acting, response: Response,
                if_match: IfMatch) -> dict[str, Any]:
    committee = await handle.renew(ctx, committee_id, body, if_match)
    return show_written(ctx, project_committee(committee), response)
