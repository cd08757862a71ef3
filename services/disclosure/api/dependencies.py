"""FastAPI dependencies of the disclosure routes: the runtime, the roles, list paging.

Who may do what: the disclosure officer (政务公开 desk) acts; approving a confidentiality
review or an extension needs `leader` or `disclosure_officer` — a township often has one
officer who is also the head of the disclosure office (GIS Art. 33 asks for the office
head's approval), so the desk may approve and the approver is recorded by name;
county supervisors read; admins hold every role. Only the desk of the request's own township
sees applicants and consultees in full (and is written in the access log); every other reader,
leaders and county supervisors included, sees them masked.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Query, Request

from fazhi.access_log import Viewer, viewer_for
from fazhi.auth import Principal, Role, require
from fazhi.errors import InvalidInput
from fazhi.service import Runtime


def runtime_of(request: Request) -> Runtime:
    return request.app.state.runtime


Rt = Annotated[Runtime, Depends(runtime_of)]
Desk = Annotated[Principal, Depends(require(Role.DISCLOSURE_OFFICER))]
Approver = Annotated[Principal, Depends(require(Role.LEADER, Role.DISCLOSURE_OFFICER))]
Reader = Annotated[Principal, Depends(require(Role.DISCLOSURE_OFFICER, Role.LEADER, Role.COUNTY_SUPERVISOR))]
DESK_ROLES = (Role.DISCLOSURE_OFFICER,)  # who sees personal data in full (admin holds every role)


async def _viewing(request: Request, township: str, principal: Annotated[Principal, Depends(require())]
                   ) -> AsyncIterator[Viewer]:
    viewer = viewer_for(request, principal, township, DESK_ROLES)
    yield viewer
    await viewer.record()  # scope "function": before the response is sent


Viewing = Annotated[Viewer, Depends(_viewing, scope="function")]
Cursor = Annotated[str | None, Query(description="next_cursor of the previous page")]
Limit = Annotated[int, Query(ge=1, le=200)]


def overdue_filter(overdue: bool | None = Query(None, description="true: only open cases past their deadline")
                   ) -> bool:
    """Only `overdue=true` filters; `false` is refused rather than silently ignored."""
    if overdue is False:
        raise InvalidInput("only overdue=true is a filter; leave it out to list everything", field="overdue")
    return bool(overdue)


Overdue = Annotated[bool, Depends(overdue_filter)]
