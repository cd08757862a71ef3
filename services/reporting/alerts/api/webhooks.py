"""Webhook subscriptions, a township's (`/v1/townships/{t}/alert-webhooks`) and the county's, with their delivery log.

One factory makes both routers; annotations are evaluated at definition (no postponed
annotations here), so the factory's arguments can serve as FastAPI types.
"""

from typing import Annotated, Any, Callable

from fastapi import APIRouter, Depends, Query, Response

from fazhi.errors import NotFound
from fazhi.http import IdempotencyKey, command_metadata, fingerprint, known_township, page_body
from fazhi.openapi import Page
from fazhi.store import Document, DocumentQuery
from services.reporting.alerts import commands as cmd
from services.reporting.alerts.api.deps import (
    CountySubscriber,
    RuntimeDep,
    Subscriber,
    county_scope,
    written,
)
from services.reporting.alerts.delivery.log import DELIVERIES
from services.reporting.alerts.domain import Webhook
from services.reporting.alerts.handlers import webhooks as handle
from services.reporting.alerts.views import webhook_json
from services.reporting.api.responses import DeliveryBody, NewWebhook, WebhookBody


def webhooks_router(prefix: str, scope_of: Callable[..., str], caller: Any) -> APIRouter:
    """Register, list, read, remove, and read the delivery log, under `prefix`."""
    router = APIRouter(prefix=prefix, tags=["alert webhooks"])
    Scope = Annotated[str, Depends(scope_of)]

    async def document(runtime: Any, scope: str, webhook_id: str) -> Document:
        doc = await runtime.store.get_document(Webhook.stream_type, webhook_id)
        if doc is None or doc.township != scope:
            raise NotFound(f"webhook {webhook_id} not found in {scope}", field="id")
        return doc

    @router.post("", status_code=201, summary="订阅预警推送（Webhook）", response_model=NewWebhook)
    async def register_webhook(scope: Scope, body: cmd.RegisterWebhook, principal: caller, runtime: RuntimeDep,
                               response: Response, key: IdempotencyKey = None) -> dict[str, Any]:
        """Subscribe an endpoint; the answer carries the signing secret (the only time it is shown)."""
        webhook, secret, created = await handle.register_webhook(
            runtime, scope, body, command_metadata(principal), key, fingerprint(body))
        response.headers["Location"] = f"{prefix.replace('{township}', scope)}/{webhook.id}"
        if not created:
            response.headers["Idempotent-Replayed"] = "true"
        return written({**webhook_json(webhook), "secret": secret}, response)

    @router.get("", summary="预警推送订阅列表", response_model=Page[WebhookBody])
    async def list_webhooks(scope: Scope, _: caller, runtime: RuntimeDep, cursor: str | None = None,
                            limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
        page = await runtime.store.list_documents(
            DocumentQuery(Webhook.stream_type, township=scope, after=cursor, limit=limit))
        return page_body(page, lambda doc: doc.data)

    @router.get("/{webhook_id}", summary="查看一个推送订阅", response_model=WebhookBody)
    async def get_webhook(scope: Scope, webhook_id: str, _: caller, runtime: RuntimeDep,
                          response: Response) -> dict[str, Any]:
        return written((await document(runtime, scope, webhook_id)).data, response)

    @router.delete("/{webhook_id}", summary="取消推送订阅", response_model=WebhookBody)
    async def remove_webhook(scope: Scope, webhook_id: str, principal: caller, runtime: RuntimeDep,
                             response: Response) -> dict[str, Any]:
        """Stop deliveries to the endpoint; its log stays."""
        await document(runtime, scope, webhook_id)
        webhook = await handle.remove_webhook(runtime, scope, webhook_id, command_metadata(principal))
        return written(webhook_json(webhook), response)

    @router.get("/{webhook_id}/deliveries", summary="推送记录", response_model=Page[DeliveryBody])
    async def list_deliveries(scope: Scope, webhook_id: str, _: caller, runtime: RuntimeDep,
                              status: str | None = Query(None, pattern="^(delivered|retrying)$"),
                              cursor: str | None = None, limit: Annotated[int, Query(ge=1, le=200)] = 50,
                              ) -> dict[str, Any]:
        """The delivery log, newest first: each notification's attempts and whether it was taken."""
        await document(runtime, scope, webhook_id)
        page = await runtime.store.list_documents(DocumentQuery(
            DELIVERIES, township=scope, lookup_key=webhook_id, status=status, after=cursor, limit=limit))
        return page_body(page, lambda doc: doc.data)

    return router


township_router = webhooks_router("/v1/townships/{township}/alert-webhooks", known_township, Subscriber)
county_router = webhooks_router("/v1/county/alert-webhooks", county_scope, CountySubscriber)
