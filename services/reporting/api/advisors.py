"""Legal-advisor engagements (法律顾问): engage a firm, record opinions before major decisions, end early."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from fazhi.errors import NotFound
from fazhi.http import IdempotencyKey, IfMatch, page_body
from fazhi.openapi import Page
from fazhi.store import DocumentQuery
from services.reporting import commands as cmd
from services.reporting.api.deps import FigureReader, Writing, showing, shown
from services.reporting.api.responses import EngagementBody
from services.reporting.domain import AdvisorEngagement
from services.reporting.handlers import records
from services.reporting.views import project_advisor

router = APIRouter(prefix="/v1/townships/{township}/work-records/advisors", tags=["work records"])


@router.post("", status_code=201, summary="登记法律顾问合同", response_model=EngagementBody)
async def engage_advisor(body: cmd.EngageAdvisor, ctx: Writing, response: Response,
                         key: IdempotencyKey = None) -> dict[str, Any]:
    """Record a contract with a law firm (201, `Location`); it advises the government, villages, or both."""
    facts = records.engagement_facts(ctx, body)
    engagement, created = await records.open_record(ctx, AdvisorEngagement, lambda e: e.engage(**facts), body, key)
    response.headers["Location"] = f"/v1/townships/{ctx.here}/work-records/advisors/{engagement.id}"
    return shown(project_advisor(engagement)[0], response, ctx)


@router.post("/{engagement_id}/opinions", summary="记录法律顾问意见", response_model=EngagementBody)
async def give_opinion(engagement_id: str, body: cmd.GiveOpinion, ctx: Writing, response: Response,
                       if_match: IfMatch = None) -> dict[str, Any]:
    """Record the advisor's opinion heard before a major decision, on a day the contract ran."""
    decide = lambda e: e.give_opinion(given_on=body.given_on, subject=body.subject, today=ctx.today)  # noqa: E731
    engagement = await records.run(ctx, AdvisorEngagement, engagement_id, decide, if_match)
    return shown(project_advisor(engagement)[0], response, ctx)


@router.post("/{engagement_id}/end", summary="提前终止法律顾问合同", response_model=EngagementBody)
async def end_engagement(engagement_id: str, body: cmd.EndEngagement, ctx: Writing, response: Response,
                         if_match: IfMatch = None) -> dict[str, Any]:
    """End the contract before its term."""
    decide = lambda e: e.end(ended_on=body.ended_on, reason=body.reason, today=ctx.today)  # noqa: E731
    engagement = await records.run(ctx, AdvisorEngagement, engagement_id, decide, if_match)
    return shown(project_advisor(engagement)[0], response, ctx)


@router.get("", summary="法律顾问列表", response_model=Page[EngagementBody])
async def list_engagements(ctx: FigureReader, cursor: str | None = None,
                           limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
    """Engagements, latest contract first."""
    page = await ctx.store.list_documents(DocumentQuery(collection=AdvisorEngagement.stream_type, township=ctx.here,
                                                        after=cursor, limit=limit))
    return page_body(page, showing(ctx))


@router.get("/{engagement_id}", summary="查看一份法律顾问合同", response_model=EngagementBody)
async def get_engagement(engagement_id: str, ctx: FigureReader, response: Response) -> dict[str, Any]:
    doc = await ctx.store.get_document(AdvisorEngagement.stream_type, engagement_id)
    if doc is None or doc.township != ctx.here:
        raise NotFound(f"legal-advisor engagement {engagement_id} not found in township {ctx.here}", field="id")
    return shown(doc, response, ctx)
