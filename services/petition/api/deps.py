"""Who may call the petition API, and the per-call context the handlers take."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request, Response

from fazhi.auth import Principal, Role, require
from fazhi.errors import NotFound
from fazhi.http import Township, command_metadata, etag
from fazhi.store import Document
from services.petition.handlers.context import Context
from services.petition.views import render

DESK = (Role.PETITION_OFFICER,)  # admin holds every role
DESK_AND_LEADER = (Role.PETITION_OFFICER, Role.LEADER)  # acceptance decisions, reception days
READ = (Role.PETITION_OFFICER, Role.LEADER, Role.COUNTY_SUPERVISOR)


def _acting(*roles: str) -> Callable[..., Context]:
    guard = Depends(require(*roles))  # a default, not an annotation: annotations here are strings

    async def dependency(request: Request, township: Township, principal: Principal = guard) -> Context:
        return Context(request.app.state.runtime, township, command_metadata(principal))

    return dependency


class Reading:
    """A read: the context, and whether this reader may see the township's people unmasked."""

    def __init__(self, context: Context, principal: Principal) -> None:
        self.context = context
        # A county-wide reader is outside the township: people are masked unless they administer.
        self.reveal_pii = principal.has_role(Role.ADMIN) or context.township in principal.townships

    def show(self, doc: Document) -> dict[str, Any]:
        return render(doc, today=self.context.today, reveal_pii=self.reveal_pii,
                      calendar=self.context.periods.calendar)

    async def document(self, collection: str, id: str, what: str) -> Document:
        """The township's document, or 404."""
        doc = await self.context.store.get_document(collection, id)
        if doc is None or doc.township != self.context.township:
            raise NotFound(f"{what} {id} not found in township {self.context.township}", field="id")
        return doc


async def _reading(request: Request, township: Township,
                   principal: Annotated[Principal, Depends(require(*READ))]) -> Reading:
    return Reading(Context(request.app.state.runtime, township, command_metadata(principal)), principal)


Desk = Annotated[Context, Depends(_acting(*DESK))]
DeskOrLeader = Annotated[Context, Depends(_acting(*DESK_AND_LEADER))]
Reader = Annotated[Reading, Depends(_reading)]


def show_written(ctx: Context, docs: list[Document], response: Response, *, location: str | None = None,
                 replayed: bool = False) -> dict[str, Any]:
    """The answer to a command: the record as written, with its ETag (the stream version)."""
    doc = docs[0]
    response.headers["ETag"] = etag(doc.version)
    if location is not None:
        response.headers["Location"] = location
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return render(doc, today=ctx.today, reveal_pii=True, calendar=ctx.periods.calendar)
