"""Deputies' suggestions and members' proposals: receive, list, read, assign, answer, feedback, re-handle."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from fazhi.errors import InvalidInput
from fazhi.http import IdempotencyKey, IfMatch, etag, page_body
from fazhi.openapi import Page
from fazhi.listing import Listing
from fazhi.store import DocumentQuery
from services.petition import commands as cmd
from services.petition.api.deps import Desk, Reader, show_written
from services.petition.api.responses import SuggestionBody
from services.petition.contract import SuggestionKind, SuggestionStatus
from services.petition.domain import DeputySuggestion
from services.petition.handlers import suggestions as handle
from services.petition.handlers.context import Context
from services.petition.views import project_suggestion

router = APIRouter(prefix="/v1/townships/{township}/suggestions", tags=["suggestions"])


def _answer(ctx: Context, suggestion: DeputySuggestion, response: Response, **headers: Any) -> dict[str, Any]:
    return show_written(ctx, project_suggestion(suggestion), response, **headers)


@router.post("", status_code=201, summary="收到代表建议或委员提案", response_model=SuggestionBody)
async def receive(body: cmd.ReceiveSuggestion, ctx: Desk, response: Response,
                  key: IdempotencyKey = None) -> dict[str, Any]:
    """Receive a deputy's suggestion or a member's proposal."""
    suggestion, created = await handle.receive(ctx, body, key)
    return _answer(ctx, suggestion, response, replayed=not created,
                   location=f"/v1/townships/{ctx.township}/suggestions/{suggestion.id}")


@router.get("", summary="建议提案列表", response_model=Page[SuggestionBody])
async def list_suggestions(reader: Reader, listing: Listing, status: SuggestionStatus | None = None,
                           kind: SuggestionKind | None = None,
                           overdue: bool | None = None, cursor: str | None = None,
                           limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
    """Suggestions newest first (or by `sort`) with their `total`; `overdue=true` keeps those whose answer
    is late; date ranges, a case `number`, or a part of the author's `name`."""
    if overdue is False:
        raise InvalidInput("overdue filters with true only; leave it out for every suggestion", field="overdue")
    ctx = reader.context
    page = await ctx.store.list_documents(DocumentQuery(
        collection=DeputySuggestion.stream_type, township=ctx.township, status=status, category=kind,
        overdue_on=ctx.today if overdue else None, after=cursor, limit=limit,
        **listing.query_fields(may_see_names=reader.viewer.full)))
    return page_body(page, reader.show)


@router.get("/{suggestion_id}", summary="查看一件建议提案", response_model=SuggestionBody)
async def get_suggestion(suggestion_id: str, reader: Reader, response: Response) -> dict[str, Any]:
    doc = await reader.document(DeputySuggestion.stream_type, suggestion_id, "suggestion")
    response.headers["ETag"] = etag(doc.version)
    return reader.show(doc)


@router.post("/{suggestion_id}/assign", summary="交办承办单位", response_model=SuggestionBody)
async def assign(suggestion_id: str, body: cmd.AssignSuggestion, ctx: Desk, response: Response,
                 if_match: IfMatch) -> dict[str, Any]:
    """Assign to a handling office: answer due in 3 months, 6 when `complex`."""
    return _answer(ctx, await handle.assign(ctx, suggestion_id, body, if_match), response)


@router.post("/{suggestion_id}/answer", summary="答复建议提案", response_model=SuggestionBody)
async def answer(suggestion_id: str, body: cmd.AnswerSuggestion, ctx: Desk, response: Response,
                 if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.answer(ctx, suggestion_id, body, if_match), response)


@router.post("/{suggestion_id}/record-feedback", summary="记录代表委员的反馈", response_model=SuggestionBody)
async def record_feedback(suggestion_id: str, body: cmd.RecordFeedback, ctx: Desk, response: Response,
                          if_match: IfMatch) -> dict[str, Any]:
    """The author's feedback: satisfied / basically closes it, unsatisfied awaits re-handling."""
    return _answer(ctx, await handle.record_feedback(ctx, suggestion_id, body, if_match), response)


@router.post("/{suggestion_id}/rehandle", summary="不满意后重新办理", response_model=SuggestionBody)
async def rehandle(suggestion_id: str, body: cmd.GiveReason, ctx: Desk, response: Response,
                   if_match: IfMatch) -> dict[str, Any]:
    """Handle it again after unsatisfied feedback; a new answer is due."""
    return _answer(ctx, await handle.rehandle(ctx, suggestion_id, body, if_match), response)
