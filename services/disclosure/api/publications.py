"""`/v1/townships/{township}/publications`: the desk's proactive-disclosure items."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from fazhi.errors import NotFound
from fazhi.http import IdempotencyKey, IfMatch, Township, etag, page_body
from fazhi.openapi import Page
from fazhi.store import DocumentQuery
from services.disclosure.api.dependencies import Approver, Cursor, Desk, Limit, Overdue, Reader, Rt, Viewing
from services.disclosure.api.responses import PublicationBody
from services.disclosure.commands import publication as cmd
from services.disclosure.contract import Category
from services.disclosure.domain.publication import Publication
from services.disclosure.domain.publication_state import PublicationStatus
from services.disclosure.handlers import publication as handle
from services.disclosure.views.publication import COLLECTION, SHAPE, publication_documents, render_publication

router = APIRouter(prefix="/v1/townships/{township}/publications", tags=["publications"])


def _answer(runtime: Rt, item: Publication, response: Response, viewer: Viewing) -> dict[str, Any]:
    response.headers["ETag"] = etag(item.version)
    data = publication_documents(item, runtime.calendar)[0].data
    return viewer.show(SHAPE, COLLECTION, item.id, render_publication(data, runtime.clock.today()))


@router.post("", status_code=201, summary="起草主动公开事项", description="Draft an item",
             response_model=PublicationBody)
async def draft(township: Township, body: cmd.DraftPublication, who: Desk, runtime: Rt, response: Response,
                viewer: Viewing, key: IdempotencyKey = None) -> dict[str, Any]:
    item, _ = await handle.draft(runtime, township, body, who, key)
    response.headers["Location"] = f"/v1/townships/{township}/publications/{item.id}"
    return _answer(runtime, item, response, viewer)


@router.get("", operation_id="listPublications", summary="主动公开事项列表",
            description="List items; overdue=true lists those past the 20-working-day deadline",
            response_model=Page[PublicationBody])
async def list_items(township: Township, _: Reader, viewer: Viewing, runtime: Rt, overdue: Overdue,
                     status: PublicationStatus | None = None, category: Category | None = None,
                     cursor: Cursor = None, limit: Limit = 50) -> dict[str, Any]:
    today = runtime.clock.today()
    page = await runtime.store.list_documents(DocumentQuery(
        COLLECTION, township, status=status, category=category, overdue_on=today if overdue else None,
        after=cursor, limit=limit))
    return page_body(page, lambda doc: viewer.show(SHAPE, COLLECTION, doc.id, render_publication(doc.data, today)))


@router.get("/{id}", operation_id="getPublication", summary="查看一条主动公开事项",
            description="One item, with its revisions' reviews", response_model=PublicationBody)
async def get_item(township: Township, id: str, _: Reader, viewer: Viewing, runtime: Rt,
                   response: Response) -> dict[str, Any]:
    doc = await runtime.store.get_document(COLLECTION, id)
    if doc is None or doc.township != township:
        raise NotFound(f"publication {id} not found in township {township}", field="id")
    response.headers["ETag"] = etag(doc.version)
    return viewer.show(SHAPE, COLLECTION, id, render_publication(doc.data, runtime.clock.today()))


@router.post("/{id}/revise", summary="修改事项（新版本需重新审查）", response_model=PublicationBody,
             description="Change the item: a new revision, which needs its own review")
async def revise(township: Township, id: str, body: cmd.RevisePublication, who: Desk, runtime: Rt,
                 response: Response, viewer: Viewing, if_match: IfMatch) -> dict[str, Any]:
    return _answer(runtime, await handle.revise(runtime, township, id, body, who, if_match), response, viewer)


@router.post("/{id}/submit-review", summary="提交保密审查", response_model=PublicationBody,
             description="Submit the current revision for confidentiality review")
async def submit_review(township: Township, id: str, body: cmd.SubmitReview, who: Desk, runtime: Rt,
                        response: Response, viewer: Viewing, if_match: IfMatch) -> dict[str, Any]:
    return _answer(runtime, await handle.submit_review(runtime, township, id, body, who, if_match), response, viewer)


@router.post("/{id}/approve", summary="审查通过", response_model=PublicationBody,
             description="Approve the pending review of a revision (leader or officer)")
async def approve(township: Township, id: str, body: cmd.ApproveReview, who: Approver, runtime: Rt,
                  response: Response, viewer: Viewing, if_match: IfMatch) -> dict[str, Any]:
    return _answer(runtime, await handle.approve(runtime, township, id, body, who, if_match), response, viewer)


@router.post("/{id}/refuse", summary="审查不通过", description="Refuse the pending review of a revision, with grounds",
             response_model=PublicationBody)
async def refuse(township: Township, id: str, body: cmd.RefuseReview, who: Approver, runtime: Rt,
                 response: Response, viewer: Viewing, if_match: IfMatch) -> dict[str, Any]:
    return _answer(runtime, await handle.refuse(runtime, township, id, body, who, if_match), response, viewer)


@router.post("/{id}/publish", summary="公开发布", description="Publish the current, approved revision on channels",
             response_model=PublicationBody)
async def publish(township: Township, id: str, body: cmd.Publish, who: Desk, runtime: Rt,
                  response: Response, viewer: Viewing, if_match: IfMatch) -> dict[str, Any]:
    return _answer(runtime, await handle.publish(runtime, township, id, body, who, if_match), response, viewer)


@router.post("/{id}/withdraw", summary="撤回已公开事项", description="Take a published item down",
             response_model=PublicationBody)
async def withdraw(township: Township, id: str, body: cmd.Withdraw, who: Desk, runtime: Rt,
                   response: Response, viewer: Viewing, if_match: IfMatch) -> dict[str, Any]:
    return _answer(runtime, await handle.withdraw(runtime, township, id, body, who, if_match), response, viewer)
