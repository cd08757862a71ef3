"""Alerts: list with filters (a township's or the county's), read one and its history, acknowledge, resolve."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import AwareDatetime

from fazhi.errors import InvalidInput, NotFound
from fazhi.http import IfMatch, Township, command_metadata, etag, page_body
from fazhi.openapi import Page
from fazhi.store import Document, DocumentQuery
from fazhi.store import Page as StorePage
from services.reporting.alerts import commands as cmd
from services.reporting.alerts.api.deps import Decider, RuntimeDep, Subscriber, one_township, townships_seen, written
from services.reporting.alerts.contract import AlertStatus, Level, Rule
from services.reporting.alerts.domain import Alert
from services.reporting.alerts.handlers import alerts as handle
from services.reporting.alerts.views import alert_json, show_alert
from services.reporting.api.responses import AlertBody, AlertHistory

router = APIRouter(tags=["alerts"])
ONE = "/v1/townships/{township}/alerts/{alert_id}"


# Lists show what needs someone first: open, then acknowledged, then held back, then resolved.
LIST_ORDER = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, AlertStatus.INHIBITED, AlertStatus.SILENCED,
              AlertStatus.RESOLVED)


@router.get("/v1/alerts", summary="预警列表", response_model=Page[AlertBody])
async def list_alerts(
    principal: Subscriber, runtime: RuntimeDep, township: str | None = None, status: AlertStatus | None = None,
    level: Level | None = None, rule: Rule | None = None,
    raised_from: Annotated[AwareDatetime | None, Query(description="raised at or after (with offset)")] = None,
    raised_before: Annotated[AwareDatetime | None, Query(description="raised before (with offset)")] = None,
    cursor: str | None = None, limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """Open alerts first, then acknowledged, inhibited, silenced and resolved ones; newest first within each.

    A township token sees its township, a county token every township (or the one named)."""
    only = one_township(townships_seen(principal, runtime, township))
    if raised_from and raised_before and raised_before <= raised_from:
        raise InvalidInput("raised_before 必须晚于 raised_from", field="raised_before")
    phases = [status] if status is not None else list(LIST_ORDER)
    phase, inner = _decode(cursor, len(phases))
    items: list[Document] = []
    while phase < len(phases) and len(items) < limit:
        page = await runtime.store.list_documents(DocumentQuery(
            collection=Alert.stream_type, township=only, status=phases[phase], severity=level, category=rule,
            registered_from=raised_from, registered_to=raised_before, after=inner, limit=limit - len(items),
        ))
        items += page.items
        phase, inner = (phase, page.next_cursor) if page.next_cursor else (phase + 1, None)
    more = phase < len(phases)
    return page_body(StorePage(items, _encode(phase, inner) if more else None), lambda doc: show_alert(doc.data))


def _encode(phase: int, inner: str | None) -> str:
    return base64.urlsafe_b64encode(f"{phase}|{inner or ''}".encode()).decode()


def _decode(cursor: str | None, phases: int) -> tuple[int, str | None]:
    if cursor is None:
        return 0, None
    try:
        phase, inner = base64.urlsafe_b64decode(cursor.encode()).decode().split("|", 1)
        if not 0 <= int(phase) < phases:
            raise ValueError(phase)
        return int(phase), inner or None
    except ValueError as error:
        raise InvalidInput("cursor 不是本服务给出的", field="cursor") from error


async def _document(runtime: RuntimeDep, township: str, alert_id: str) -> Document:
    doc = await runtime.store.get_document(Alert.stream_type, alert_id)
    if doc is None or doc.township != township:
        raise NotFound(f"alert {alert_id} not found in township {township}", field="id")
    return doc


@router.get(ONE, summary="查看一条预警", response_model=AlertBody)
async def get_alert(township: Township, alert_id: str, _: Subscriber, runtime: RuntimeDep,
                    response: Response) -> dict[str, Any]:
    doc = await _document(runtime, township, alert_id)
    response.headers["ETag"] = etag(doc.version)
    return show_alert(doc.data)


@router.get(f"{ONE}/events", summary="预警的全部事件", response_model=AlertHistory)
async def alert_history(township: Township, alert_id: str, _: Subscriber, runtime: RuntimeDep) -> dict[str, Any]:
    """The alert's events, oldest first: the history is itself an event stream."""
    await _document(runtime, township, alert_id)
    items = [{"event_id": e.event_id, "position": e.position, "version": e.version, "type": e.type,
              "occurred_at": e.occurred_at.isoformat(), "actor": e.metadata.get("actor"), "data": e.data}
             for e in await runtime.store.read_stream(alert_id)]
    return {"alert_id": alert_id, "items": items}


@router.post(f"{ONE}/ack", summary="认领预警（停止逐级上报）", response_model=AlertBody)
async def acknowledge_alert(township: Township, alert_id: str, principal: Subscriber, runtime: RuntimeDep,
                            response: Response, if_match: IfMatch, body: cmd.AcknowledgeAlert | None = None,
                            ) -> dict[str, Any]:
    """Take the alert (who, and an optional comment): it stops climbing."""
    await _document(runtime, township, alert_id)
    alert = await handle.acknowledge(runtime, township, alert_id, comment=body.comment if body else None,
                                     metadata=command_metadata(principal), if_match=if_match)
    return written(show_alert(alert_json(alert)), response)


@router.post(f"{ONE}/resolve", summary="手动解除预警", response_model=AlertBody)
async def resolve_alert(township: Township, alert_id: str, body: cmd.ResolveAlert, principal: Decider,
                        runtime: RuntimeDep, response: Response, if_match: IfMatch) -> dict[str, Any]:
    """Close the alert by hand, saying why."""
    await _document(runtime, township, alert_id)
    alert = await handle.resolve(runtime, township, alert_id, reason=body.reason,
                                 metadata=command_metadata(principal), if_match=if_match)
    return written(show_alert(alert_json(alert)), response)
