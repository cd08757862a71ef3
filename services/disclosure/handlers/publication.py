"""Handlers of the publication commands."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fazhi.auth import Principal
from fazhi.commands import create, execute
from fazhi.events import DomainEvent
from fazhi.http import command_metadata, fingerprint
from fazhi.service import Runtime
from services.disclosure.commands import publication as cmd
from services.disclosure.domain.publication import Publication
from services.disclosure.views.publication import publication_documents

Decide = Callable[[Publication], Sequence[DomainEvent]]


def project(runtime: Runtime) -> Callable[[Publication], list]:
    """The projection with this county's calendar (the Art. 26 due date needs it)."""
    calendar = runtime.calendar
    return lambda item: publication_documents(item, calendar)


async def draft(runtime: Runtime, township: str, command: cmd.DraftPublication, who: Principal,
                idempotency_key: str | None) -> tuple[Publication, bool]:
    """Open an item at revision 1; a retried Idempotency-Key returns the first item."""
    content = command.model_dump(mode="python")
    content["attachment"] = command.attachment.model_dump() if command.attachment else None
    return await create(
        runtime.store, Publication, township,
        lambda item: item.draft(content, today=runtime.clock.today(), now=runtime.clock.now()),
        metadata=command_metadata(who), project=project(runtime),
        idempotency_key=idempotency_key, fingerprint=fingerprint(command),
    )


async def _run(runtime: Runtime, township: str, id: str, decide: Decide, who: Principal,
               if_match: int | None) -> Publication:
    return await execute(runtime.store, Publication, id, township, decide, metadata=command_metadata(who),
                         project=project(runtime), if_match=if_match)


async def revise(runtime: Runtime, township: str, id: str, command: cmd.RevisePublication, who: Principal,
                 if_match: int | None) -> Publication:
    changes = command.model_dump(mode="python", exclude_unset=True)
    return await _run(runtime, township, id, lambda p: p.revise(changes, today=runtime.clock.today()),
                      who, if_match)


async def submit_review(runtime: Runtime, township: str, id: str, command: cmd.SubmitReview, who: Principal,
                        if_match: int | None) -> Publication:
    return await _run(runtime, township, id,
                      lambda p: p.submit_review(command.revision, today=runtime.clock.today()), who, if_match)


async def approve(runtime: Runtime, township: str, id: str, command: cmd.ApproveReview, who: Principal,
                  if_match: int | None) -> Publication:
    """The caller is recorded as the reviewer."""
    today = runtime.clock.today()
    return await _run(runtime, township, id, lambda p: p.approve(command.revision, who.subject, command.comment,
                                                                 today=today), who, if_match)


async def refuse(runtime: Runtime, township: str, id: str, command: cmd.RefuseReview, who: Principal,
                 if_match: int | None) -> Publication:
    """The caller is recorded as the reviewer."""
    grounds, today = list(command.grounds), runtime.clock.today()
    return await _run(runtime, township, id, lambda p: p.refuse(command.revision, who.subject, grounds,
                                                                command.comment, today=today), who, if_match)


async def publish(runtime: Runtime, township: str, id: str, command: cmd.Publish, who: Principal,
                  if_match: int | None) -> Publication:
    channels, now = list(command.channels), runtime.clock.now()
    return await _run(runtime, township, id, lambda p: p.publish(channels, command.revision, now=now),
                      who, if_match)


async def withdraw(runtime: Runtime, township: str, id: str, command: cmd.Withdraw, who: Principal,
                   if_match: int | None) -> Publication:
    return await _run(runtime, township, id, lambda p: p.withdraw(command.reason, now=runtime.clock.now()),
                      who, if_match)
