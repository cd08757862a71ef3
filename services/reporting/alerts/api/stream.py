"""`GET /v1/alerts/stream`: Server-Sent Events of alert notifications, resumable with `Last-Event-ID`.

Event ids are positions in reporting's event store: a client that reconnects with the
last id it saw gets everything after it from the store, then live notifications, woken
by the store's commits.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query
from sse_starlette import EventSourceResponse

from fazhi.errors import InvalidInput
from fazhi.localtime import localize
from services.reporting.alerts.api.deps import RuntimeDep, Subscriber, townships_seen
from services.reporting.alerts.contract import Level, Rule
from services.reporting.alerts.delivery.notifications import Audience, encode, notifications
from services.reporting.alerts.views import show_alert
from services.reporting.alerts.wiring import alerts_of

router = APIRouter(tags=["alerts"])
PING_SECONDS = 15


def _position(last_event_id: str | None) -> int | None:
    if last_event_id is None:
        return None
    if not last_event_id.strip().isdigit():
        raise InvalidInput("Last-Event-ID must be an id this stream sent", field="Last-Event-ID")
    return int(last_event_id)


STREAM = {200: {"description": "Server-Sent Events: each `data` is an AlertNotification (JSON), `id` its position",
                "content": {"text/event-stream": {"schema": {"type": "string"}}}}}


@router.get("/v1/alerts/stream", response_class=EventSourceResponse, summary="预警实时推送（SSE，可断点续传）",
            responses=STREAM)
async def alert_stream(
    principal: Subscriber, runtime: RuntimeDep, township: str | None = None,
    rule: Annotated[list[Rule], Query()] = [], level: Annotated[list[Level], Query()] = [],
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    after: Annotated[str | None, Query(description="the same as Last-Event-ID, for clients that cannot set it")] = None,
) -> EventSourceResponse:
    """A township token gets its townships' notifications, a county token every township's (or the one named)."""
    audience = Audience(townships_seen(principal, runtime, township), frozenset(rule), frozenset(level))
    resume = _position(last_event_id if last_event_id is not None else after)
    start = resume if resume is not None else await runtime.store.max_position()
    signal = alerts_of(runtime).signal

    async def events() -> AsyncIterator[dict[str, Any]]:
        async for body in notifications(runtime.store, signal, start):
            if audience.admits(body):
                shown = {**body, "alert": show_alert(body["alert"])}  # labels and title as the API shows them
                data = encode(localize(shown, runtime.county.zone)).decode()  # times in the county's zone
                yield {"id": str(body["position"]), "event": body["type"], "data": data}

    return EventSourceResponse(events(), ping=PING_SECONDS)
