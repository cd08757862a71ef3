"""Handlers of the work-record commands: publicity activities, legal-advisor engagements, trainings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from fazhi.aggregate import Aggregate
from fazhi.commands import create, execute
from fazhi.events import DomainEvent
from fazhi.http import fingerprint
from fazhi.store import Document
from services.reporting import commands as cmd
from services.reporting.domain import AdvisorEngagement, PublicityActivity, Training
from services.reporting.handlers.context import Context
from services.reporting.views import project_advisor, project_publicity, project_training

A = TypeVar("A", bound=Aggregate)
PROJECTIONS: dict[type[Aggregate], Callable[[Any], list[Document]]] = {
    PublicityActivity: project_publicity, AdvisorEngagement: project_advisor, Training: project_training,
}


async def open_record(ctx: Context, cls: type[A], decide: Callable[[A], Sequence[DomainEvent]], body: BaseModel,
                      key: str | None) -> tuple[A, bool]:
    """Record a new work record; a retry with the same Idempotency-Key returns the first one."""
    return await create(ctx.store, cls, ctx.here, decide, metadata=ctx.metadata, project=PROJECTIONS[cls],
                        idempotency_key=key, fingerprint=fingerprint(body))


async def run(ctx: Context, cls: type[A], record_id: str, decide: Callable[[A], Sequence[DomainEvent]],
              if_match: int | None) -> A:
    """Run a command on an existing record, honouring If-Match."""
    return await execute(ctx.store, cls, record_id, ctx.here, decide, metadata=ctx.metadata,
                         project=PROJECTIONS[cls], if_match=if_match)


def publicity_facts(ctx: Context, body: cmd.RecordPublicityActivity) -> dict[str, Any]:
    """The body's facts, its village checked against the county."""
    ctx.check_village(body.village)
    return {**body.model_dump(), "today": ctx.today}


def engagement_facts(ctx: Context, body: cmd.EngageAdvisor) -> dict[str, Any]:
    for i, village in enumerate(body.villages):
        ctx.check_village(village, field=f"villages.{i}")
    return body.model_dump()
