"""预警: the alert list, acknowledge and resolve, and the live stream relayed from the reporting service."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sse_starlette import EventSourceResponse
from starlette.background import BackgroundTask

from services.console.backend import ServiceUnavailable
from services.console.field_errors import from_problem
from services.console.menu import ALERTS
from services.console.session import Desk, SignedIn, require_role
from services.console.templating import render

router = APIRouter(prefix="/t/{township}/alerts")
DECIDE = ("leader", "county_supervisor")


async def alert_items(request: Request, account, township: str, status: str | None = None,
                      limit: int = 50) -> list[dict[str, Any]]:
    """The township's alerts, newest first (the resolved ones left out unless asked for)."""
    answer = await request.app.state.console.backend.get(account, "reporting", "/v1/alerts", township=township,
                                                         status=status, limit=limit)
    if not answer.ok:
        return []
    items = answer.body["items"]
    return items if status else [a for a in items if a["status"] != "resolved"]


@router.get("")
async def alert_list(request: Request, township: Desk, account: SignedIn, status: str = "") -> Response:
    require_role(account, *ALERTS)
    items = await alert_items(request, account, township, status or None, limit=100)
    return render(request, "alerts/list.html", title="预警", alerts=items, status=status,
                  can_decide=account.has_role(*DECIDE))


@router.get("/items")
async def alert_rows(request: Request, township: Desk, account: SignedIn) -> Response:
    """The open alerts as list items: what the page fetches once its live stream is open, so none is missed."""
    require_role(account, *ALERTS)
    items = await alert_items(request, account, township)
    return render(request, "alerts/items.html", alerts=items, can_decide=account.has_role(*DECIDE))


@router.get("/stream")
async def alert_stream(request: Request, township: Desk, account: SignedIn) -> Response:
    """The reporting service's SSE for this township, each notification sent on as the row to show.

    The upstream stream is open (and positioned) before the browser's stream opens; `Last-Event-ID`
    (reporting's positions, passed through) resumes after a reconnect."""
    require_role(account, *ALERTS)
    console = request.app.state.console
    resume = request.headers.get("Last-Event-ID")
    can_decide = account.has_role(*DECIDE)
    client = console.backend.clients["reporting"]
    headers = console.backend.headers(account, **({"Last-Event-ID": resume} if resume else {}))
    try:
        upstream = await client.send(client.build_request(
            "GET", "/v1/alerts/stream", params={"township": township}, headers=headers,
            timeout=httpx.Timeout(15, read=None)), stream=True)
    except httpx.HTTPError as err:
        raise ServiceUnavailable("reporting") from err
    if upstream.status_code != 200:
        await upstream.aclose()
        return Response(status_code=204)  # EventSource stops on 204
    token = _token(request)

    async def relay() -> AsyncIterator[dict[str, Any]]:
        try:
            async for event_id, data in _events(upstream):
                body = json.loads(data)
                row = console.templates.get_template("alerts/item.html").render(
                    alert=body["alert"], township=township, label=console.dictionary.label,
                    village_name=console.village_name, can_decide=can_decide, csrf_token=token)
                yield {"id": event_id, "event": "alert", "data": row}
        finally:
            await upstream.aclose()

    return EventSourceResponse(relay(), ping=15, background=BackgroundTask(upstream.aclose))


def _token(request: Request) -> str:
    from services.console.session import csrf_token

    return csrf_token(request)


async def _events(upstream: httpx.Response) -> AsyncIterator[tuple[str, str]]:
    """(id, data) of each Server-Sent Event; pings and comments skipped."""
    event_id, data = "", []
    async for line in upstream.aiter_lines():
        if line == "":
            if data:
                yield event_id, "\n".join(data)
            event_id, data = "", []
        elif line.startswith("id:"):
            event_id = line[3:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))


@router.post("/{alert_id}/ack")
async def acknowledge(request: Request, township: Desk, account: SignedIn, alert_id: str,
                      version: Annotated[str, Form()] = "", back: Annotated[str, Form()] = "") -> Response:
    require_role(account, *ALERTS)
    answer = await request.app.state.console.backend.post(
        account, "reporting", f"/v1/townships/{township}/alerts/{alert_id}/ack", {}, if_match=version or None)
    return _after(request, township, answer, back, "已认领该预警。", account.has_role(*DECIDE))


@router.post("/{alert_id}/resolve")
async def resolve(request: Request, township: Desk, account: SignedIn, alert_id: str,
                  reason: Annotated[str, Form()] = "", version: Annotated[str, Form()] = "",
                  back: Annotated[str, Form()] = "") -> Response:
    require_role(account, *DECIDE)
    answer = await request.app.state.console.backend.post(
        account, "reporting", f"/v1/townships/{township}/alerts/{alert_id}/resolve", {"reason": reason},
        if_match=version or None)
    return _after(request, township, answer, back, "已解除该预警。", True)


def _after(request: Request, township: str, answer, back: str, done: str, can_decide: bool) -> Response:
    if answer.ok:
        target = back if back.startswith(f"/t/{township}/") else f"/t/{township}/alerts"
        if request.headers.get("HX-Request"):
            row = request.app.state.console.templates.get_template("alerts/item.html").render(
                alert=answer.body, township=township, label=request.app.state.console.dictionary.label,
                village_name=request.app.state.console.village_name, can_decide=can_decide,
                csrf_token=_token(request))
            return Response(row, media_type="text/html")
        return RedirectResponse(f"{target}?done={done}", status_code=303)
    errors = from_problem(answer.body, {"reason": "reason"}, answer.status)
    return render(request, "error.html", status_code=answer.status, title="未能完成操作",
                  message="；".join([*errors.general, *errors.by_field.values()]))
