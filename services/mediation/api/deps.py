"""Who may call the mediation API, and the per-call context the handlers take."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request, Response

from fazhi.auth import Principal, Role, require
from fazhi.http import Township, command_metadata, etag
from fazhi.store import Document
from services.mediation.handlers.context import Context
from services.mediation.views import render

ACT = (Role.MEDIATOR, Role.MEDIATION_OFFICER)  # admin holds every role
READ = (*ACT, Role.LEADER, Role.COUNTY_SUPERVISOR)


async def _acting(request: Request, township: Township, principal: Annotated[Principal, Depends(require(*ACT))]) -> Context:
    return Context(request.app.state.runtime, township, command_metadata(principal))


class Reading:
    """A read: the context, and whether this reader may see the township's people unmasked."""

    def __init__(self, context: Context, principal: Principal) -> None:
        self.context = context
        # A county-wide reader is outside the township: people are masked unless they administer.
        self.reveal_pii = principal.has_role(Role.ADMIN) or context.township in principal.townships

    def show(self, doc: Document) -> dict[str, Any]:
        return render(doc, today=self.context.today, reveal_pii=self.reveal_pii, policy=self.context.policy)


async def _reading(request: Request, township: Township,
                   principal: Annotated[Principal, Depends(require(*READ))]) -> Reading:
    return Reading(Context(request.app.state.runtime, township, command_metadata(principal)), principal)


Acting = Annotated[Context, Depends(_acting)]
Reader = Annotated[Reading, Depends(_reading)]


def show_written(ctx: Context, docs: list[Document], response: Response) -> dict[str, Any]:
    """The answer to a command: the case as written, with its ETag (the stream version)."""
    doc = docs[0]
    response.headers["ETag"] = etag(doc.version)
    return render(doc, today=ctx.today, reveal_pii=True, policy=ctx.policy)
