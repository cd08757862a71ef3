"""Handlers of the deputies' suggestion commands."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fazhi.commands import create, execute
from fazhi.events import DomainEvent
from fazhi.http import fingerprint
from services.petition import commands as cmd
from services.petition.domain import DeputySuggestion
from services.petition.handlers.context import Context
from services.petition.views import project_suggestion

Decide = Callable[[DeputySuggestion], Sequence[DomainEvent]]


async def receive(ctx: Context, body: cmd.ReceiveSuggestion, key: str | None) -> tuple[DeputySuggestion, bool]:
    """Receive a suggestion or proposal; a retry with the same Idempotency-Key returns the first one."""

    def decide(s: DeputySuggestion) -> Sequence[DomainEvent]:
        return s.receive(kind=body.kind, author=body.author, title=body.title, content=body.content, now=ctx.now,
                         today=ctx.today, received_on=body.received_on, backdate_days=ctx.backdate_days)

    return await create(ctx.store, DeputySuggestion, ctx.township, decide, metadata=ctx.metadata,
                        project=lambda s: project_suggestion(s, ctx.periods.calendar), idempotency_key=key,
                        fingerprint=fingerprint(body),
                        number=ctx.number_request("suggestion", ctx.today.year))


async def run(ctx: Context, suggestion_id: str, if_match: int | None, decide: Decide) -> DeputySuggestion:
    return await execute(ctx.store, DeputySuggestion, suggestion_id, ctx.township, decide, metadata=ctx.metadata,
                         project=lambda s: project_suggestion(s, ctx.periods.calendar), if_match=if_match)


async def assign(ctx: Context, suggestion_id: str, body: cmd.AssignSuggestion,
                 if_match: int | None) -> DeputySuggestion:
    return await run(ctx, suggestion_id, if_match, lambda s: s.assign(
        office=body.office, complex=body.complex, periods=ctx.periods, today=ctx.today))


async def answer(ctx: Context, suggestion_id: str, body: cmd.AnswerSuggestion,
                 if_match: int | None) -> DeputySuggestion:
    return await run(ctx, suggestion_id, if_match, lambda s: s.answer(answer=body.answer, today=ctx.today))


async def record_feedback(ctx: Context, suggestion_id: str, body: cmd.RecordFeedback,
                          if_match: int | None) -> DeputySuggestion:
    return await run(ctx, suggestion_id, if_match, lambda s: s.record_feedback(
        feedback=body.feedback, note=body.note or "", today=ctx.today))


async def rehandle(ctx: Context, suggestion_id: str, body: cmd.GiveReason, if_match: int | None) -> DeputySuggestion:
    return await run(ctx, suggestion_id, if_match, lambda s: s.rehandle(
        reason=body.reason, periods=ctx.periods, today=ctx.today))
