"""The dispute lifecycle as commands: `POST .../disputes/{id}/<verb>`, each honouring `If-Match`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from fazhi.http import IfMatch
from services.mediation import commands as cmd
from services.mediation.api.deps import Acting, show_written
from services.mediation.api.responses import DisputeBody
from services.mediation.domain import Dispute
from services.mediation.handlers import disputes as handle
from services.mediation.views import project_dispute

router = APIRouter(prefix="/v1/townships/{township}/disputes/{dispute_id}", tags=["dispute lifecycle"])


def _answer(ctx: Any, dispute: Dispute, response: Response) -> dict[str, Any]:
    return show_written(ctx, project_dispute(dispute), response)


@router.post("/accept", summary="受理纠纷", response_model=DisputeBody)
async def accept(dispute_id: str, ctx: Acting, response: Response, if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.accept(ctx, dispute_id, if_match), response)


@router.post("/decline", summary="不予受理", response_model=DisputeBody)
async def decline(dispute_id: str, body: cmd.DeclineDispute, ctx: Acting, response: Response,
                  if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.decline(ctx, dispute_id, body, if_match), response)


@router.post("/revise-facts", summary="更正纠纷事实（人数、金额、风险）", response_model=DisputeBody)
async def revise_facts(dispute_id: str, body: cmd.ReviseFacts, ctx: Acting, response: Response,
                       if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.revise_facts(ctx, dispute_id, body, if_match), response)


@router.post("/assign", summary="指派调解员", response_model=DisputeBody)
async def assign(dispute_id: str, body: cmd.AssignMediator, ctx: Acting, response: Response,
                 if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.assign(ctx, dispute_id, body, if_match), response)


@router.post("/record-session", summary="记录一次调解", response_model=DisputeBody)
async def record_session(dispute_id: str, body: cmd.RecordSession, ctx: Acting, response: Response,
                         if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.record_session(ctx, dispute_id, body, if_match), response)


@router.post("/agree", summary="达成调解协议", response_model=DisputeBody)
async def agree(dispute_id: str, body: cmd.ReachAgreement, ctx: Acting, response: Response,
                if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.agree(ctx, dispute_id, body, if_match), response)


@router.post("/fail", summary="调解不成（告知其他途径）", response_model=DisputeBody)
async def fail(dispute_id: str, body: cmd.RecordFailure, ctx: Acting, response: Response,
               if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.fail(ctx, dispute_id, body, if_match), response)


@router.post("/apply-confirmation", summary="申请司法确认", response_model=DisputeBody)
async def apply_confirmation(dispute_id: str, body: cmd.ApplyForConfirmation, ctx: Acting, response: Response,
                             if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.apply_confirmation(ctx, dispute_id, body, if_match), response)


@router.post("/record-performance", summary="记录协议履行情况", response_model=DisputeBody)
async def record_performance(dispute_id: str, body: cmd.RecordPerformance, ctx: Acting, response: Response,
                             if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.record_performance(ctx, dispute_id, body, if_match), response)


@router.post("/follow-up", summary="记录回访", response_model=DisputeBody)
async def follow_up(dispute_id: str, body: cmd.RecordFollowUp, ctx: Acting, response: Response,
                    if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.follow_up(ctx, dispute_id, body, if_match), response)


@router.post("/close", summary="结案", response_model=DisputeBody)
async def close(dispute_id: str, ctx: Acting, response: Response, if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.close(ctx, dispute_id, if_match), response)


@router.post("/reopen", summary="重新开启调解", response_model=DisputeBody)
async def reopen(dispute_id: str, body: cmd.GiveReason, ctx: Acting, response: Response,
                 if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.reopen(ctx, dispute_id, body, if_match), response)


@router.post("/escalate", summary="上交乡镇或县级", response_model=DisputeBody)
async def escalate(dispute_id: str, body: cmd.GiveReason, ctx: Acting, response: Response,
                   if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.escalate(ctx, dispute_id, body, if_match), response)
