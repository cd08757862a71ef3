"""Who may call the alerts API, and in which townships they see alerts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request, Response

from fazhi.auth import Principal, Role, require, require_county
from fazhi.errors import InvalidInput, NotPermitted
from fazhi.http import etag
from fazhi.service import Runtime

SUBSCRIBE = (Role.ALERT_SUBSCRIBER, Role.LEADER, Role.COUNTY_SUPERVISOR)  # admin holds every role
DECIDE = (Role.LEADER, Role.COUNTY_SUPERVISOR)

Subscriber = Annotated[Principal, Depends(require(*SUBSCRIBE))]
Decider = Annotated[Principal, Depends(require(*DECIDE))]
CountySubscriber = Annotated[Principal, Depends(require_county(*SUBSCRIBE))]
CountyDecider = Annotated[Principal, Depends(require_county(*DECIDE))]


async def runtime_of(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(runtime_of)]


async def county_scope(request: Request) -> str:
    """The county's silences and webhooks are filed under the county's code."""
    return request.app.state.runtime.county.code


def townships_seen(principal: Principal, runtime: Runtime, township: str | None) -> frozenset[str] | None:
    """The townships a reader gets alerts of: the one asked for (if in scope), else the token's; None is all."""
    if township is not None:
        runtime.county.township(township)  # 404 naming `township` when unknown
        if not principal.can_act_in(township):
            raise NotPermitted(f"your token does not cover township {township}", field="township")
        return frozenset({township})
    return None if principal.county else principal.townships


def one_township(seen: frozenset[str] | None) -> str | None:
    """Lists filter on one township or all: a token over several must say which."""
    if seen is None or len(seen) == 1:
        return next(iter(seen)) if seen else None
    raise InvalidInput("your token covers several townships: name one", field="township")


def written(body: dict[str, Any], response: Response) -> dict[str, Any]:
    """The answer to a command: the resource as written, with its ETag (the stream version)."""
    response.headers["ETag"] = etag(body["version"])
    return body
