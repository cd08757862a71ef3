"""Handlers of the dispute commands."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fazhi.commands import create, execute, load
from fazhi.errors import InvalidInput, NotFound
from fazhi.events import DomainEvent
from fazhi.http import fingerprint
from services.mediation import commands as cmd
from services.mediation.domain import Committee, Dispute
from services.mediation.handlers.context import Context

Decide = Callable[[Dispute], Sequence[DomainEvent]]


async def register(ctx: Context, body: cmd.RegisterDispute, key: str | None) -> tuple[Dispute, bool]:
    """Register a dispute; a retry with the same Idempotency-Key returns the first one."""
    ctx.check_village(body.village)

    def decide(d: Dispute) -> Sequence[DomainEvent]:
        return d.register(
            level=body.level, village=body.village, source=body.source, category=body.category,
            parties=[p.to_party() for p in body.parties], people_involved=body.people_involved,
            amount=body.amount, description=body.description, risk_flags=body.risk_flags,
            received_on=body.received_on, policy=ctx.policy, now=ctx.now, today=ctx.today,
        )

    return await create(ctx.store, Dispute, ctx.township, decide, metadata=ctx.metadata, project=ctx.project,
                        idempotency_key=key, fingerprint=fingerprint(body), number=ctx.number_request())


async def run(ctx: Context, dispute_id: str, if_match: int | None, decide: Decide) -> Dispute:
    """Run one command on a dispute and write its read model with its events."""
    return await execute(ctx.store, Dispute, dispute_id, ctx.township, decide, metadata=ctx.metadata,
                         project=ctx.project, if_match=if_match)


async def revise_facts(ctx: Context, dispute_id: str, body: cmd.ReviseFacts, if_match: int | None) -> Dispute:
    return await run(ctx, dispute_id, if_match, lambda d: d.revise_facts(
        people_involved=body.people_involved, amount=body.amount, risk_flags=body.risk_flags,
        description=body.description, policy=ctx.policy, today=ctx.today))


async def accept(ctx: Context, dispute_id: str, if_match: int | None) -> Dispute:
    return await run(ctx, dispute_id, if_match, lambda d: d.accept(policy=ctx.policy, today=ctx.today))


async def decline(ctx: Context, dispute_id: str, body: cmd.DeclineDispute, if_match: int | None) -> Dispute:
    return await run(ctx, dispute_id, if_match,
                     lambda d: d.decline(grounds=body.grounds, reason=body.reason, today=ctx.today))


async def assign(ctx: Context, dispute_id: str, body: cmd.AssignMediator, if_match: int | None) -> Dispute:
    committee = await _committee(ctx, body.committee_id) if body.committee_id else None
    return await run(ctx, dispute_id, if_match,
                     lambda d: d.assign(mediator=body.mediator, committee=committee, today=ctx.today))


async def _committee(ctx: Context, committee_id: str) -> Committee:
    try:
        return await load(ctx.store, Committee, committee_id, ctx.township)
    except NotFound:
        raise InvalidInput(f"no committee {committee_id} in township {ctx.township}", field="committee_id") from None


async def record_session(ctx: Context, dispute_id: str, body: cmd.RecordSession, if_match: int | None) -> Dispute:
    return await run(ctx, dispute_id, if_match, lambda d: d.record_session(
        held_on=body.held_on or ctx.today, summary=body.summary, today=ctx.today))


async def agree(ctx: Context, dispute_id: str, body: cmd.ReachAgreement, if_match: int | None) -> Dispute:
    return await run(ctx, dispute_id, if_match, lambda d: d.agree(
        form=body.form, agreed_on=body.agreed_on or ctx.today, facts=body.facts,
        points_in_dispute=body.points_in_dispute, responsibilities=body.responsibilities, terms=body.terms, oral_content=body.oral_content,
        performance_deadline=body.performance_deadline, signed=body.signed, policy=ctx.policy, today=ctx.today))


async def fail(ctx: Context, dispute_id: str, body: cmd.RecordFailure, if_match: int | None) -> Dispute:
    return await run(ctx, dispute_id, if_match,
                     lambda d: d.fail(reason=body.reason, routes_told=body.routes_told, today=ctx.today))


async def apply_confirmation(ctx: Context, dispute_id: str, body: cmd.ApplyForConfirmation,
                             if_match: int | None) -> Dispute:
    return await run(ctx, dispute_id, if_match, lambda d: d.apply_for_confirmation(court=body.court, today=ctx.today))


async def record_performance(ctx: Context, dispute_id: str, body: cmd.RecordPerformance,
                             if_match: int | None) -> Dispute:
    return await run(ctx, dispute_id, if_match, lambda d: d.record_performance(
        performance=body.performance, checked_on=body.checked_on or ctx.today, note=body.note, today=ctx.today))


async def follow_up(ctx: Context, dispute_id: str, body: cmd.RecordFollowUp, if_match: int | None) -> Dispute:
    return await run(ctx, dispute_id, if_match, lambda d: d.record_follow_up(
        visited_on=body.visited_on or ctx.today, visited_by=body.visited_by, findings=body.findings,
        today=ctx.today))


async def close(ctx: Context, dispute_id: str, if_match: int | None) -> Dispute:
    return await run(ctx, dispute_id, if_match, lambda d: d.close(today=ctx.today))


async def reopen(ctx: Context, dispute_id: str, body: cmd.GiveReason, if_match: int | None) -> Dispute:
    return await run(ctx, dispute_id, if_match, lambda d: d.reopen(reason=body.reason, policy=ctx.policy,
                                                                   today=ctx.today))


async def escalate(ctx: Context, dispute_id: str, body: cmd.GiveReason, if_match: int | None) -> Dispute:
    return await run(ctx, dispute_id, if_match, lambda d: d.escalate(reason=body.reason, policy=ctx.policy,
                                                                     today=ctx.today))
