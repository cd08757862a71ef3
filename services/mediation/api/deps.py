"""Who may call the mediation API, and the per-call context the handlers take."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request, Response

from fazhi.access_log import Viewer, viewer_for
from fazhi.auth import Principal, Role, require
from fazhi.http import Township, command_metadata, etag
from fazhi.store import Document
from services.mediation.handlers.context import Context
from services.mediation.views import SHAPES, render

ACT = (Role.MEDIATOR, Role.MEDIATION_OFFICER)  # admin holds every role
READ = (*ACT, Role.LEADER, Role.COUNTY_SUPERVISOR)
DESK = ACT  # who sees the township's people in full (and is written in the access log)


async def _acting(request: Request, township: Township,
                  principal: Annotated[Principal, Depends(require(*ACT))]) -> AsyncIterator[Context]:
    viewer = viewer_for(request, principal, township, DESK)
    yield Context(request.app.state.runtime, township, command_metadata(principal), viewer)
    await viewer.record()  # scope "function": before the answer is sent


class Reading:
    """A read: the context, and the viewer through which each document is shown (masked or logged)."""

    def __init__(self, context: Context, viewer: Viewer) -> None:
        self.context = context
        self.viewer = viewer

    def show(self, doc: Document) -> dict[str, Any]:
        return show(self.viewer, doc, self.context)


async def _reading(request: Request, township: Township,
                   principal: Annotated[Principal, Depends(require(*READ))]) -> AsyncIterator[Reading]:
    viewer = viewer_for(request, principal, township, DESK)
    yield Reading(Context(request.app.state.runtime, township, command_metadata(principal), viewer), viewer)
    await viewer.record()


Acting = Annotated[Context, Depends(_acting, scope="function")]
Reader = Annotated[Reading, Depends(_reading, scope="function")]


def show(viewer: Viewer, doc: Document, ctx: Context) -> dict[str, Any]:
    """A document in full for the case's desk (logged), masked by its shape for anyone else."""
    return viewer.show(SHAPES[doc.collection], doc.collection, doc.id, render(doc, today=ctx.today, policy=ctx.policy))


def show_written(ctx: Context, docs: list[Document], response: Response) -> dict[str, Any]:
    """The answer to a command: the case as written, with its ETag (the stream version)."""
    doc = docs[0]
    response.headers["ETag"] = etag(doc.version)
    return show(ctx.viewer, doc, ctx)
