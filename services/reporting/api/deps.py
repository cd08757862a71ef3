"""Who may call the reporting API, and the per-call context the handlers take."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request, Response

from fazhi.auth import Principal, Role, require, require_county
from fazhi.http import Township, command_metadata, etag
from fazhi.store import Document
from services.reporting.handlers.context import Context
from services.reporting.views import render

WRITE = (Role.REPORTER, Role.LEADER)  # work records and narratives; admin holds every role
REPORTS = (*WRITE, Role.COUNTY_SUPERVISOR)
FIGURES = (*REPORTS, Role.MEDIATION_OFFICER, Role.DISCLOSURE_OFFICER, Role.PETITION_OFFICER)
COUNTY = (Role.COUNTY_SUPERVISOR, Role.REPORTER)


def _context(scope: Any) -> Any:
    # `scope` is local, so it goes in a default: an annotation naming it could not be resolved later
    async def dependency(request: Request, township: Township, principal: Principal = Depends(scope)) -> Context:
        return Context(request.app.state.runtime, township, command_metadata(principal))
    return dependency


async def _county(request: Request, principal: Annotated[Principal, Depends(require_county(*COUNTY))]) -> Context:
    return Context(request.app.state.runtime, None, command_metadata(principal))


Writing = Annotated[Context, Depends(_context(require(*WRITE)))]
ReportReader = Annotated[Context, Depends(_context(require(*REPORTS)))]
FigureReader = Annotated[Context, Depends(_context(require(*FIGURES)))]
CountyReader = Annotated[Context, Depends(_county)]
Year = Annotated[int, Path(ge=2000, le=2100, description="the calendar year reported on")]
YearQuery = Annotated[int | None, Query(ge=2000, le=2100, description="default: this year")]


def shown(doc: Document, response: Response) -> dict[str, Any]:
    """A record as the API returns it, with its ETag (the stream version)."""
    response.headers["ETag"] = etag(doc.version)
    return render(doc)
