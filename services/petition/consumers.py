"""Referral back: mediation's `dispute.registered` for a referred case records the dispute id on it, once.

A redelivered or repeated report finds the case already linked to that dispute and changes
nothing. A report for a case this service does not know is retried and then parked.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from fazhi.commands import execute
from fazhi.events import RecordedEvent
from fazhi.service import Runtime
from fazhi.subscriptions import Subscription
from services.petition.domain import PetitionCase
from services.petition.views import project_case

DURABLE = "petition-referral-links"
SUBJECT = "fazhi.mediation.*.dispute.registered"
ACTOR = "mediation-referral-link"


class DisputeReport(BaseModel):
    """What this service reads of mediation's `DisputeRegistered` (a tolerant reader)."""

    model_config = ConfigDict(extra="ignore")

    dispute_id: str
    referral_case_id: str | None = None


def subscriptions(runtime: Runtime) -> Sequence[Subscription]:
    """The durable consumers of this service, registered through `create_app(subscriptions=...)`."""

    async def handle(event: RecordedEvent) -> None:
        await link_referral(runtime, event)

    return [Subscription(name=DURABLE, service="mediation", subject=SUBJECT, handler=handle)]


async def link_referral(runtime: Runtime, event: RecordedEvent) -> PetitionCase | None:
    """Append `petition.case.referral_linked` to the referred case; None for a dispute not from a referral."""
    report = DisputeReport.model_validate(event.data)
    if report.referral_case_id is None:
        return None
    metadata = {"actor": ACTOR, "roles": [], "causation_id": event.event_id,
                "correlation_id": event.metadata.get("correlation_id") or event.event_id}
    today = runtime.clock.today()
    return await execute(runtime.store, PetitionCase, report.referral_case_id, event.township,
                         lambda p: p.link_dispute(dispute_id=report.dispute_id, today=today),
                         metadata=metadata, project=lambda p: project_case(p, runtime.calendar))
