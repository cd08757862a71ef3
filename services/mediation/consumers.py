"""Referral in: the petition desk's `petition.case.referred` opens a dispute, exactly once.

The stream id of the dispute follows from the referral event's id, so a redelivered or
replayed event lands on the same stream and is recognised instead of opening a second case.
The bus masks people: the parties are recorded as received, their ID numbers unchecked.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from fazhi.commands import create
from fazhi.events import DomainEvent, RecordedEvent
from fazhi.service import Runtime
from fazhi.subscriptions import Subscription
from services.mediation import contract as c
from services.mediation.domain import Dispute
from services.mediation.handlers.context import Context

DURABLE = "mediation-referrals"
SUBJECT = "fazhi.petition.*.case.referred"
ACTOR = "petition-referral"


class _Person(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str
    id_number: str | None = None
    phone: str | None = None


class Referral(BaseModel):
    """What this service reads of the petition contract's `CaseReferredToMediation` (a tolerant reader)."""

    model_config = ConfigDict(extra="ignore")

    case_id: str
    village: str | None = None
    category: str = c.Category.OTHER
    summary: str
    parties: list[_Person] = []
    people_involved: int = 1
    reason: str = ""


def subscriptions(runtime: Runtime) -> Sequence[Subscription]:
    """The durable consumers of this service, registered through `create_app(subscriptions=...)`."""

    async def handle(event: RecordedEvent) -> None:
        await open_referred_dispute(runtime, event)

    return [Subscription(name=DURABLE, service="petition", subject=SUBJECT, handler=handle)]


async def open_referred_dispute(runtime: Runtime, event: RecordedEvent) -> tuple[Dispute, bool]:
    """Open a township-level dispute with source = referral; (dispute, created) — False on a repeat."""
    referral = Referral.model_validate(event.data)
    township = runtime.county.township(event.township).code
    villages = {v.code for v in runtime.county.township(township).villages}
    village = referral.village if referral.village in villages else None
    category = referral.category if referral.category in set(c.Category) else c.Category.OTHER
    parties = [c.Party(name=p.name, id_number=p.id_number, phone=p.phone) for p in referral.parties]
    because = f"\n\nReferred by the petition desk: {referral.reason}" if referral.reason else ""
    ctx = Context(runtime, township, {"actor": ACTOR, "roles": [], "causation_id": event.event_id,
                                      "correlation_id": event.metadata.get("correlation_id") or event.event_id})

    def decide(d: Dispute) -> Sequence[DomainEvent]:
        return d.register(
            level=c.Level.TOWNSHIP, village=village, source=c.Source.REFERRAL, category=c.Category(category),
            parties=parties, people_involved=max(referral.people_involved, len(parties), 1), amount=None,
            description=referral.summary + because, risk_flags=[], referral_case_id=referral.case_id,
            policy=ctx.policy, now=ctx.now, today=ctx.today,
        )

    return await create(ctx.store, Dispute, township, decide, metadata=ctx.metadata, project=ctx.project,
                        idempotency_key=f"referral:{event.event_id}", number=ctx.number_request())
