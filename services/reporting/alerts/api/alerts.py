"""Alerts: list with filters (a township's or the county's), read one and its history, acknowledge, resolve."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from fazhi.errors import NotFound
from fazhi.http import IfMatch, Township, command_metadata, etag, page_body
from fazhi.openapi import Page
from fazhi.store import Document, DocumentQuery
from services.reporting.alerts import commands as cmd
from services.reporting.alerts.api.deps import Decider, RuntimeDep, Subscriber, one_township, townships_seen, written
from services.reporting.alerts.contract import AlertStatus, Level, Rule
from services.reporting.alerts.domain import Alert
from services.reporting.alerts.handlers import alerts as handle
from services.reporting.alerts.views import alert_json, show_alert
from services.reporting.api.responses import AlertBody, AlertHistory

router = APIRouter(tags=["alerts"])
ONE = "/v1/townships/{township}/alerts/{alert_id}"


@router.get("/v1/alerts", summary="预警列表", response_model=Page[AlertBody])
async def list_alerts(
    principal: Subscriber, runtime: RuntimeDep, township: str | None = None, status: AlertStatus | None = None,
    level: Level | None = None, rule: Rule | None = None, cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """Newest first; a township token sees its township, a county token every township (or the one named)."""
    only = one_township(townships_seen(principal, runtime, township))
    page = await runtime.store.list_documents(DocumentQuery(
        collection=Alert.stream_type, township=only, status=status, severity=level, category=rule,
        after=cursor, limit=limit,
    ))
    return page_body(page, lambda doc: show_alert(doc.data))


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
