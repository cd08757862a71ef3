"""Who may call the reporting API, and the per-call context the handlers take."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request, Response

from fazhi.access_log import viewer_for
from fazhi.auth import Principal, Role, require, require_county
from fazhi.http import Township, command_metadata, etag
from fazhi.store import Document
from services.reporting.handlers.context import Context
from services.reporting.views import SHAPES, render

WRITE = (Role.REPORTER, Role.LEADER)  # work records and narratives; admin holds every role
REPORTS = (*WRITE, Role.COUNTY_SUPERVISOR)
FIGURES = (*REPORTS, Role.MEDIATION_OFFICER, Role.DISCLOSURE_OFFICER, Role.PETITION_OFFICER)
COUNTY = (Role.COUNTY_SUPERVISOR, Role.REPORTER)
DESK = WRITE  # who sees the township's records in full (and is written in the access log)


def _context(scope: Any) -> Any:
    # `scope` is local, so it goes in a default: an annotation naming it could not be resolved later
    async def dependency(request: Request, township: Township, principal: Principal = Depends(scope)
                         ) -> AsyncIterator[Context]:
        viewer = viewer_for(request, principal, township, DESK)
        yield Context(request.app.state.runtime, township, command_metadata(principal), viewer)
        await viewer.record()  # scope "function": before the answer is sent
    return dependency


async def _county(request: Request, principal: Annotated[Principal, Depends(require_county(*COUNTY))]) -> Context:
    return Context(request.app.state.runtime, None, command_metadata(principal))


Writing = Annotated[Context, Depends(_context(require(*WRITE)), scope="function")]
ReportReader = Annotated[Context, Depends(_context(require(*REPORTS)), scope="function")]
FigureReader = Annotated[Context, Depends(_context(require(*FIGURES)), scope="function")]
CountyReader = Annotated[Context, Depends(_county)]
Year = Annotated[int, Path(ge=2000, le=2100, description="the calendar year reported on")]
YearQuery = Annotated[int | None, Query(ge=2000, le=2100, description="default: this year")]


def showing(ctx: Context) -> Callable[[Document], dict[str, Any]]:
    """How this call shows a record: in full to the township's desk (logged), masked to anyone else."""
    return lambda doc: ctx.viewer.show(SHAPES[doc.collection], doc.collection, doc.id, render(doc))


def shown(doc: Document, response: Response, ctx: Context) -> dict[str, Any]:
    """A record as the API returns it, with its ETag (the stream version)."""
    response.headers["ETag"] = etag(doc.version)
    return showing(ctx)(doc)
