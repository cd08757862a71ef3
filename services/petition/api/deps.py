"""Who may call the petition API, and the per-call context the handlers take."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import Depends, Request, Response

from fazhi.access_log import Viewer, viewer_for
from fazhi.auth import Principal, Role, require
from fazhi.errors import NotFound
from fazhi.http import Township, command_metadata, etag
from fazhi.store import Document
from services.petition.handlers.context import Context
from services.petition.views import SHAPES, render

DESK = (Role.PETITION_OFFICER,)  # admin holds every role
DESK_AND_LEADER = (Role.PETITION_OFFICER, Role.LEADER)  # acceptance decisions, reception days
READ = (Role.PETITION_OFFICER, Role.LEADER, Role.COUNTY_SUPERVISOR)
FULL_VIEW = DESK  # who sees the township's petitioners in full (and is written in the access log)


def _acting(*roles: str) -> Callable[..., Context]:
    guard = Depends(require(*roles))  # a default, not an annotation: annotations here are strings

    async def dependency(request: Request, township: Township, principal: Principal = guard
                         ) -> AsyncIterator[Context]:
        viewer = viewer_for(request, principal, township, FULL_VIEW)
        yield Context(request.app.state.runtime, township, command_metadata(principal), viewer)
        await viewer.record()  # scope "function": before the answer is sent

    return dependency


class Reading:
    """A read: the context, and the viewer through which each document is shown (masked or logged)."""

    def __init__(self, context: Context, viewer: Viewer) -> None:
        self.context = context
        self.viewer = viewer

    def show(self, doc: Document) -> dict[str, Any]:
        return show(self.viewer, doc, self.context)

    async def document(self, collection: str, id: str, what: str) -> Document:
        """The township's document, or 404."""
        doc = await self.context.store.get_document(collection, id)
        if doc is None or doc.township != self.context.township:
            raise NotFound(f"{what} {id} not found in township {self.context.township}", field="id")
        return doc


async def _reading(request: Request, township: Township,
                   principal: Annotated[Principal, Depends(require(*READ))]) -> AsyncIterator[Reading]:
    viewer = viewer_for(request, principal, township, FULL_VIEW)
    yield Reading(Context(request.app.state.runtime, township, command_metadata(principal), viewer), viewer)
    await viewer.record()


Desk = Annotated[Context, Depends(_acting(*DESK), scope="function")]
DeskOrLeader = Annotated[Context, Depends(_acting(*DESK_AND_LEADER), scope="function")]
Reader = Annotated[Reading, Depends(_reading, scope="function")]


def show(viewer: Viewer, doc: Document, ctx: Context) -> dict[str, Any]:
    """A document in full for the case's desk (logged), masked by its shape for anyone else, who also
    does not see the petitioner's query code."""
    body = viewer.show(SHAPES[doc.collection], doc.collection, doc.id,
                       render(doc, today=ctx.today, calendar=ctx.periods.calendar))
    if not viewer.full:
        body.pop("query_code", None)
    return body


def show_written(ctx: Context, docs: list[Document], response: Response, *, location: str | None = None,
                 replayed: bool = False) -> dict[str, Any]:
    """The answer to a command: the record as written, with its ETag (the stream version)."""
    doc = docs[0]
    response.headers["ETag"] = etag(doc.version)
    if location is not None:
        response.headers["Location"] = location
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return show(ctx.viewer, doc, ctx)
