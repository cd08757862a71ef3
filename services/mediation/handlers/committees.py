"""Handlers of the committee commands: one committee per township and per village."""

from __future__ import annotations

from fazhi.commands import create, execute
from fazhi.errors import RuleViolation
from services.mediation import commands as cmd
from services.mediation.domain import Committee
from services.mediation.handlers.context import Context
from services.mediation.views import committee_key, project_committee


async def register(ctx: Context, body: cmd.RegisterCommittee) -> tuple[Committee, bool]:
    """Register a committee; its stream id follows from its level and village, so there is one of each.

    Sending the same registration again returns the committee; a different one is refused (409).
    """
    ctx.check_village(body.village)
    key = committee_key(body.level, body.village)
    committee, created = await create(
        ctx.store, Committee, ctx.township,
        lambda k: k.register(level=body.level, village=body.village, name=body.name, members=body.members,
                             term_start=body.term_start),
        metadata=ctx.metadata, project=project_committee, idempotency_key=f"committee:{key}",
    )
    same = (committee.name, committee.members, committee.term_start) == (body.name, body.members, body.term_start)
    if not created and not same:
        where = f"village {body.village}" if body.village else f"township {ctx.township}"
        raise RuleViolation(f"{where} already has a committee ({committee.id}); change its members or renew its"
                            " term instead", field="village" if body.village else "level")
    return committee, created


async def change_members(ctx: Context, committee_id: str, body: cmd.ChangeMembers, if_match: int | None) -> Committee:
    return await execute(ctx.store, Committee, committee_id, ctx.township,
                         lambda k: k.change_members(members=body.members, today=ctx.today),
                         metadata=ctx.metadata, project=project_committee, if_match=if_match)


async def renew(ctx: Context, committee_id: str, body: cmd.RenewTerm, if_match: int | None) -> Committee:
    return await execute(ctx.store, Committee, committee_id, ctx.township,
                         lambda k: k.renew(term_start=body.term_start, members=body.members),
                         metadata=ctx.metadata, project=project_committee, if_match=if_match)
