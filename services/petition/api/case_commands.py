"""The petition lifecycle as commands: `POST .../petitions/{id}/<verb>`, each honouring `If-Match`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from fazhi.http import IfMatch
from services.petition import commands as cmd
from services.petition.api.deps import Desk, DeskOrLeader, show_written
from services.petition.api.responses import PetitionBody
from services.petition.domain import PetitionCase
from services.petition.handlers import cases as handle
from services.petition.handlers.context import Context
from services.petition.views import project_case

router = APIRouter(prefix="/v1/townships/{township}/petitions/{case_id}", tags=["petition lifecycle"])


def _answer(ctx: Context, case: PetitionCase, response: Response) -> dict[str, Any]:
    return show_written(ctx, project_case(case), response)


@router.post("/decide-acceptance", summary="决定是否受理（受理、不予受理、转送）", response_model=PetitionBody)
async def decide_acceptance(case_id: str, body: cmd.DecideAcceptance, ctx: DeskOrLeader, response: Response,
                            if_match: IfMatch) -> dict[str, Any]:
    """Accept (受理), decline with the route told, or transfer to the competent organ; due in 15 days."""
    return _answer(ctx, await handle.decide_acceptance(ctx, case_id, body, if_match), response)


@router.post("/handle", summary="记录办理步骤", response_model=PetitionBody)
async def record_handling(case_id: str, body: cmd.RecordHandling, ctx: Desk, response: Response,
                          if_match: IfMatch) -> dict[str, Any]:
    """Record a handling step; handling is due 60 days after acceptance."""
    return _answer(ctx, await handle.record_handling(ctx, case_id, body, if_match), response)


@router.post("/extend", summary="延长办理期限（一次，至多 30 日）", response_model=PetitionBody)
async def extend(case_id: str, body: cmd.ExtendHandling, ctx: Desk, response: Response,
                 if_match: IfMatch) -> dict[str, Any]:
    """Extend handling once, by at most 30 days, with the reason and who approved it."""
    return _answer(ctx, await handle.extend(ctx, case_id, body, if_match), response)


@router.post("/reply", summary="出具书面答复意见", response_model=PetitionBody)
async def reply(case_id: str, body: cmd.Reply, ctx: Desk, response: Response, if_match: IfMatch) -> dict[str, Any]:
    """Give the written reply; the petitioner has 30 days to ask for 复查."""
    return _answer(ctx, await handle.reply(ctx, case_id, body, if_match), response)


@router.post("/record-satisfaction", summary="记录信访人满意度", response_model=PetitionBody)
async def record_satisfaction(case_id: str, body: cmd.RecordSatisfaction, ctx: Desk, response: Response,
                              if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.record_satisfaction(ctx, case_id, body, if_match), response)


@router.post("/request-review", summary="申请复查", response_model=PetitionBody)
async def request_review(case_id: str, body: cmd.RequestReview, ctx: Desk, response: Response,
                         if_match: IfMatch) -> dict[str, Any]:
    """复查: only within 30 days of the reply; the opinion is due 30 days after the request."""
    return _answer(ctx, await handle.request_review(ctx, case_id, body, if_match), response)


@router.post("/decide-review", summary="出具复查意见", response_model=PetitionBody)
async def decide_review(case_id: str, body: cmd.DecideReview, ctx: Desk, response: Response,
                        if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.decide_review(ctx, case_id, body, if_match), response)


@router.post("/request-recheck", summary="申请复核", response_model=PetitionBody)
async def request_recheck(case_id: str, body: cmd.RequestReview, ctx: Desk, response: Response,
                          if_match: IfMatch) -> dict[str, Any]:
    """复核: only within 30 days of the 复查 opinion; the opinion is due 30 days after the request."""
    return _answer(ctx, await handle.request_recheck(ctx, case_id, body, if_match), response)


@router.post("/decide-recheck", summary="出具复核意见（终结）", response_model=PetitionBody)
async def decide_recheck(case_id: str, body: cmd.DecideReview, ctx: Desk, response: Response,
                         if_match: IfMatch) -> dict[str, Any]:
    """The final opinion: the same claim is not accepted again."""
    return _answer(ctx, await handle.decide_recheck(ctx, case_id, body, if_match), response)


@router.post("/refer", summary="转人民调解", response_model=PetitionBody)
async def refer(case_id: str, body: cmd.ReferToMediation, ctx: Desk, response: Response,
                if_match: IfMatch) -> dict[str, Any]:
    """Refer a civil dispute to mediation; the dispute id appears once mediation has opened it."""
    return _answer(ctx, await handle.refer(ctx, case_id, body, if_match), response)


@router.post("/close", summary="结案", response_model=PetitionBody)
async def close(case_id: str, ctx: Desk, response: Response, if_match: IfMatch) -> dict[str, Any]:
    return _answer(ctx, await handle.close(ctx, case_id, if_match), response)
