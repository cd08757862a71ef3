"""Handlers of the petition case commands."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from fazhi.commands import create, execute, load
from fazhi.events import DomainEvent
from fazhi.http import fingerprint
from fazhi.numbering import new_query_code
from fazhi.store import Document, DocumentQuery
from services.petition import commands as cmd
from services.petition.domain import EarlierCase, PetitionCase
from services.petition.domain.repeats import keys_for
from services.petition.handlers.context import Context
from services.petition.views import KEYS, project_case

Decide = Callable[[PetitionCase], Sequence[DomainEvent]]
LOOKUP_LIMIT = 200


async def register(ctx: Context, body: cmd.RegisterPetition, key: str | None) -> tuple[PetitionCase, bool]:
    """Register a petition, linked to earlier cases of its petitioners on the same matter."""
    ctx.check_village(body.village)
    petitioners = [p.to_person() for p in body.petitioners]
    representatives = [p.to_person() for p in body.representatives]
    keys = keys_for([*petitioners, *representatives], body.matter or body.subject, ctx.person_key)
    earlier = await earlier_cases(ctx, await cases_under(ctx, keys.matter_keys))

    def decide(p: PetitionCase) -> Sequence[DomainEvent]:
        return p.register(
            channel=body.channel, petitioners=petitioners, representatives=representatives,
            group_size=body.group_size, subject=body.subject, claims=body.claims, matter=body.matter,
            bypassed_level=body.bypassed_level, village=body.village, earlier=earlier, person_key=ctx.person_key,
            periods=ctx.periods, now=ctx.now, today=ctx.today, received_on=body.received_on,
            registered_on=body.registered_on, query_code=new_query_code(), backdate_days=ctx.backdate_days,
        )

    year = (body.registered_on or ctx.today).year
    return await create(ctx.store, PetitionCase, ctx.township, decide, metadata=ctx.metadata,
                        project=lambda p: project_case(p, ctx.periods.calendar),
                        idempotency_key=key, fingerprint=fingerprint(body),
                        number=ctx.number_request("petition", year))


async def cases_under(ctx: Context, matter_keys: Sequence[str]) -> list[str]:
    """Ids of the township's cases filed under any of these keys."""
    found: dict[str, None] = {}
    for key in matter_keys:
        page = await ctx.store.list_documents(DocumentQuery(collection=KEYS, township=ctx.township,
                                                            lookup_key=key, limit=LOOKUP_LIMIT))
        found.update((doc.data["case_id"], None) for doc in page.items)
    return list(found)


async def earlier_cases(ctx: Context, case_ids: Sequence[str]) -> list[EarlierCase]:
    """The cases as the read model knows them: when registered, and whether 复核 concluded them."""
    result = []
    for case_id in case_ids:
        doc = await ctx.store.get_document(PetitionCase.stream_type, case_id)
        if doc is None or doc.township != ctx.township or doc.created_at is None:
            continue
        opinion = doc.data["recheck"]["opinion"]
        rechecked_on = datetime.fromisoformat(opinion["decided_on"]).date() if opinion else None
        result.append(EarlierCase(case_id, doc.created_at, rechecked_on))
    return result


async def chain(ctx: Context, case: Document) -> list[Document]:
    """Every case of this one's petitioners on its matter (itself included), oldest first."""
    docs = [case]
    for case_id in await cases_under(ctx, case.data["matter_keys"]):
        doc = await ctx.store.get_document(PetitionCase.stream_type, case_id)
        if doc is not None and doc.id != case.id and doc.township == ctx.township:
            docs.append(doc)
    return sorted(docs, key=lambda d: (d.created_at, d.id))


async def run(ctx: Context, case_id: str, if_match: int | None, decide: Decide) -> PetitionCase:
    """Run one command on a case and write its read model with its events."""
    return await execute(ctx.store, PetitionCase, case_id, ctx.township, decide, metadata=ctx.metadata,
                         project=lambda p: project_case(p, ctx.periods.calendar), if_match=if_match)


async def decide_acceptance(ctx: Context, case_id: str, body: cmd.DecideAcceptance,
                            if_match: int | None) -> PetitionCase:
    """Accept, decline (the route told) or transfer; acceptance checks the chain for a 复核 conclusion."""
    reason = body.reason or ""
    if body.decision == "decline":
        return await run(ctx, case_id, if_match, lambda p: p.decline(route=body.route, reason=reason, today=ctx.today,
                                                                     decided_on=body.decided_on))
    if body.decision == "transfer":
        return await run(ctx, case_id, if_match, lambda p: p.transfer(organ=body.organ, reason=reason,
                                                                      today=ctx.today, decided_on=body.decided_on))
    case = await load(ctx.store, PetitionCase, case_id, ctx.township)
    others = [i for i in await cases_under(ctx, case.reg.matter_keys) if i != case_id]
    chain = await earlier_cases(ctx, others)
    return await run(ctx, case_id, if_match, lambda p: p.accept(rechecked=chain, periods=ctx.periods,
                                                                 today=ctx.today, decided_on=body.decided_on))


async def record_handling(ctx: Context, case_id: str, body: cmd.RecordHandling, if_match: int | None) -> PetitionCase:
    return await run(ctx, case_id, if_match, lambda p: p.record_handling(
        step=body.step, note=body.note, done_on=body.done_on or ctx.today, today=ctx.today))


async def extend(ctx: Context, case_id: str, body: cmd.ExtendHandling, if_match: int | None) -> PetitionCase:
    return await run(ctx, case_id, if_match, lambda p: p.extend(
        days=body.days, reason=body.reason, approved_by=body.approved_by, periods=ctx.periods, today=ctx.today))


async def reply(ctx: Context, case_id: str, body: cmd.Reply, if_match: int | None) -> PetitionCase:
    return await run(ctx, case_id, if_match, lambda p: p.reply(
        finding=body.finding, content=body.content, replied_on=body.replied_on or ctx.today, periods=ctx.periods,
        today=ctx.today))


async def record_satisfaction(ctx: Context, case_id: str, body: cmd.RecordSatisfaction,
                              if_match: int | None) -> PetitionCase:
    return await run(ctx, case_id, if_match,
                     lambda p: p.record_satisfaction(satisfaction=body.satisfaction, today=ctx.today))


async def request_review(ctx: Context, case_id: str, body: cmd.RequestReview, if_match: int | None) -> PetitionCase:
    return await run(ctx, case_id, if_match, lambda p: p.request_review(
        organ=body.organ, requested_on=body.requested_on or ctx.today, periods=ctx.periods, today=ctx.today))


async def decide_review(ctx: Context, case_id: str, body: cmd.DecideReview, if_match: int | None) -> PetitionCase:
    return await run(ctx, case_id, if_match, lambda p: p.decide_review(
        decision=body.decision, content=body.content, decided_on=body.decided_on or ctx.today, periods=ctx.periods,
        today=ctx.today))


async def request_recheck(ctx: Context, case_id: str, body: cmd.RequestReview, if_match: int | None) -> PetitionCase:
    return await run(ctx, case_id, if_match, lambda p: p.request_recheck(
        organ=body.organ, requested_on=body.requested_on or ctx.today, periods=ctx.periods, today=ctx.today))


async def decide_recheck(ctx: Context, case_id: str, body: cmd.DecideReview, if_match: int | None) -> PetitionCase:
    return await run(ctx, case_id, if_match, lambda p: p.decide_recheck(
        decision=body.decision, content=body.content, decided_on=body.decided_on or ctx.today, today=ctx.today))


async def refer(ctx: Context, case_id: str, body: cmd.ReferToMediation, if_match: int | None) -> PetitionCase:
    return await run(ctx, case_id, if_match, lambda p: p.refer(
        category=body.category, summary=body.summary, reason=body.reason, today=ctx.today))


async def close(ctx: Context, case_id: str, if_match: int | None) -> PetitionCase:
    return await run(ctx, case_id, if_match, lambda p: p.close(today=ctx.today))
