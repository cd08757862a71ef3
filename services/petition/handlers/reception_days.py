"""Handlers of the reception-day commands."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fazhi.commands import create, execute
from fazhi.errors import InvalidInput
from fazhi.events import DomainEvent
from fazhi.http import fingerprint
from services.petition import commands as cmd
from services.petition.domain import PetitionCase, ReceptionDay
from services.petition.handlers.context import Context
from services.petition.views import project_reception_day

Decide = Callable[[ReceptionDay], Sequence[DomainEvent]]


async def schedule(ctx: Context, body: cmd.ScheduleReception, key: str | None) -> tuple[ReceptionDay, bool]:
    """Schedule a reception day; a retry with the same Idempotency-Key returns the first one."""
    participants = [p.to_participant() for p in body.participants]

    def decide(r: ReceptionDay) -> Sequence[DomainEvent]:
        return r.schedule(kind=body.kind, day=body.day, place=body.place, leader=body.leader,
                          participants=participants, today=ctx.today)

    return await create(ctx.store, ReceptionDay, ctx.township, decide, metadata=ctx.metadata,
                        project=project_reception_day, idempotency_key=key, fingerprint=fingerprint(body))


async def run(ctx: Context, reception_day_id: str, if_match: int | None, decide: Decide) -> ReceptionDay:
    return await execute(ctx.store, ReceptionDay, reception_day_id, ctx.township, decide, metadata=ctx.metadata,
                         project=project_reception_day, if_match=if_match)


async def hold(ctx: Context, reception_day_id: str, if_match: int | None) -> ReceptionDay:
    return await run(ctx, reception_day_id, if_match, lambda r: r.hold(today=ctx.today))


async def record_visitors(ctx: Context, reception_day_id: str, body: cmd.RecordVisitors,
                          if_match: int | None) -> ReceptionDay:
    """Add visitors; every linked case must be a petition of this township."""
    for n, case_id in enumerate(body.case_ids):
        doc = await ctx.store.get_document(PetitionCase.stream_type, case_id)
        if doc is None or doc.township != ctx.township:
            raise InvalidInput(f"no petition case {case_id} in township {ctx.township}", field=f"case_ids.{n}")
    return await run(ctx, reception_day_id, if_match,
                     lambda r: r.record_visitors(visitors=body.visitors, case_ids=body.case_ids, today=ctx.today))


async def close(ctx: Context, reception_day_id: str, body: cmd.CloseReception, if_match: int | None) -> ReceptionDay:
    return await run(ctx, reception_day_id, if_match, lambda r: r.close(summary=body.summary, today=ctx.today))


async def cancel(ctx: Context, reception_day_id: str, body: cmd.GiveReason, if_match: int | None) -> ReceptionDay:
    return await run(ctx, reception_day_id, if_match, lambda r: r.cancel(reason=body.reason, today=ctx.today))
