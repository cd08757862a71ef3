"""Webhooks (`/v1/townships/{t}/alert-webhooks`) and receivers (`…/alert-receivers`: WeCom, DingTalk, e-mail,
SMS), a township's and the county's, with their delivery log. Only an admin of the scope manages them.

One factory makes the routers; annotations are evaluated at definition (no postponed
annotations here), so the factory's arguments can serve as FastAPI types.
"""

from typing import Annotated, Any, Callable

from fastapi import APIRouter, Depends, Query, Response

from fazhi.auth import Principal, Role, require, require_county
from fazhi.errors import NotFound, RuleViolation
from fazhi.http import IdempotencyKey, command_metadata, fingerprint, known_township, page_body
from fazhi.openapi import Page
from fazhi.store import Document, DocumentQuery
from services.reporting.alerts import commands as cmd
from services.reporting.alerts.api.deps import RuntimeDep, county_scope, written
from services.reporting.alerts.contract import Channel
from services.reporting.alerts.delivery.log import DELIVERIES
from services.reporting.alerts.delivery.webhooks import ping, redeliver
from services.reporting.alerts.domain import Webhook
from services.reporting.alerts.handlers import webhooks as handle
from services.reporting.alerts.views import webhook_json
from services.reporting.api.responses import DeliveryBody, NewWebhook, PingAnswer, WebhookBody

Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
CountyAdmin = Annotated[Principal, Depends(require_county(Role.ADMIN))]
DeliveryStatus = Annotated[str | None, Query(pattern="^(delivered|retrying|failed)$")]


def subscriptions_router(prefix: str, scope_of: Callable[..., str], caller: Any, family: str) -> APIRouter:
    """Register, list, read, remove, enable, ping, and the delivery log (and redelivery) under `prefix`."""
    router = APIRouter(prefix=prefix, tags=[f"alert {family}s"])
    Scope = Annotated[str, Depends(scope_of)]
    receivers = family == "receiver"

    async def document(runtime: Any, scope: str, webhook_id: str) -> Document:
        doc = await runtime.store.get_document(Webhook.stream_type, webhook_id)
        if doc is None or doc.township != scope or doc.lookup_key != family:
            raise NotFound(f"{scope} 没有推送地址 {webhook_id}", field="id")
        return doc

    async def registered(runtime: Any, scope: str, webhook: Webhook, created: bool, response: Response,
                         extra: dict[str, Any]) -> dict[str, Any]:
        response.headers["Location"] = f"{prefix.replace('{township}', scope)}/{webhook.id}"
        body = {**webhook_json(webhook), **extra}
        if created:  # a test message on creation, so the admin sees at once whether it arrives
            body["ping"] = await ping(runtime, body, scope)
        else:
            response.headers["Idempotent-Replayed"] = "true"
        return written(body, response)

    if receivers:
        @router.post("", status_code=201, summary="添加预警接收方式（企业微信、钉钉、邮件、短信）",
                     response_model=NewWebhook)
        async def register_receiver(scope: Scope, body: cmd.RegisterReceiver, principal: caller,
                                    runtime: RuntimeDep, response: Response,
                                    key: IdempotencyKey = None) -> dict[str, Any]:
            """Add a WeCom or DingTalk group robot, mail addresses or phones; a test message is sent at once."""
            webhook, created = await handle.register_receiver(runtime, scope, body, command_metadata(principal), key,
                                                              fingerprint(body))
            return await registered(runtime, scope, webhook, created, response, {})
    else:
        @router.post("", status_code=201, summary="订阅预警推送（Webhook）", response_model=NewWebhook)
        async def register_webhook(scope: Scope, body: cmd.RegisterWebhook, principal: caller, runtime: RuntimeDep,
                                   response: Response, key: IdempotencyKey = None) -> dict[str, Any]:
            """Subscribe an endpoint; the answer carries the signing secret (the only time it is shown) and
            whether the signed test message (`webhook.ping`) was taken."""
            webhook, secret, created = await handle.register_webhook(
                runtime, scope, body, command_metadata(principal), key, fingerprint(body))
            return await registered(runtime, scope, webhook, created, response, {"secret": secret})

        @router.post("/{webhook_id}/rotate-secret", summary="更换签名密钥", response_model=NewWebhook)
        async def rotate_secret(scope: Scope, webhook_id: str, principal: caller, runtime: RuntimeDep,
                                response: Response, body: cmd.RotateSecret | None = None) -> dict[str, Any]:
            """A new signing secret (shown once); requests carry both signatures until the old one expires."""
            await document(runtime, scope, webhook_id)
            webhook, secret = await handle.rotate_secret(runtime, scope, webhook_id, body or cmd.RotateSecret(),
                                                         command_metadata(principal))
            return written({**webhook_json(webhook), "secret": secret}, response)

    @router.get("", name=f"list_{family}s", summary="预警推送订阅列表", response_model=Page[WebhookBody])
    async def list_subscriptions(scope: Scope, _: caller, runtime: RuntimeDep,
                                 channel: Channel | None = None, cursor: str | None = None,
                                 limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
        page = await runtime.store.list_documents(DocumentQuery(
            Webhook.stream_type, township=scope, lookup_key=family, category=channel, after=cursor, limit=limit))
        return page_body(page, lambda doc: doc.data)

    @router.get("/{webhook_id}", name=f"get_{family}", summary="查看一个推送订阅", response_model=WebhookBody)
    async def get_subscription(scope: Scope, webhook_id: str, _: caller, runtime: RuntimeDep,
                               response: Response) -> dict[str, Any]:
        return written((await document(runtime, scope, webhook_id)).data, response)

    @router.delete("/{webhook_id}", name=f"remove_{family}", summary="取消推送订阅", response_model=WebhookBody)
    async def remove_subscription(scope: Scope, webhook_id: str, principal: caller, runtime: RuntimeDep,
                                  response: Response) -> dict[str, Any]:
        """Stop deliveries; the log stays."""
        await document(runtime, scope, webhook_id)
        webhook = await handle.remove_webhook(runtime, scope, webhook_id, command_metadata(principal))
        return written(webhook_json(webhook), response)

    @router.post("/{webhook_id}/enable", name=f"enable_{family}", summary="恢复已停用的推送", response_model=WebhookBody)
    async def enable_subscription(scope: Scope, webhook_id: str, principal: caller, runtime: RuntimeDep,
                                  response: Response) -> dict[str, Any]:
        """Resume deliveries after a give-up, starting with the notification given up on."""
        await document(runtime, scope, webhook_id)
        webhook = await handle.enable(runtime, scope, webhook_id, command_metadata(principal))
        return written(webhook_json(webhook), response)

    @router.post("/{webhook_id}/ping", name=f"ping_{family}", summary="发送测试消息", response_model=PingAnswer)
    async def ping_subscription(scope: Scope, webhook_id: str, _: caller, runtime: RuntimeDep) -> dict[str, Any]:
        """Send a test message now; says whether it was taken (and logs it)."""
        doc = await document(runtime, scope, webhook_id)
        if doc.status == "removed":
            raise RuleViolation("该推送地址已删除", field="status")
        return {"ping": await ping(runtime, doc.data, scope)}

    @router.get("/{webhook_id}/deliveries", name=f"list_{family}_deliveries", summary="推送记录", response_model=Page[DeliveryBody])
    async def list_deliveries(scope: Scope, webhook_id: str, _: caller, runtime: RuntimeDep,
                              status: DeliveryStatus = None, cursor: str | None = None,
                              limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
        """The delivery log, newest first: each notification's attempts and whether it was taken."""
        await document(runtime, scope, webhook_id)
        page = await runtime.store.list_documents(DocumentQuery(
            DELIVERIES, township=scope, lookup_key=webhook_id, status=status, after=cursor, limit=limit))
        return page_body(page, lambda doc: doc.data)

    @router.post("/{webhook_id}/deliveries/{delivery_id}/redeliver", name=f"redeliver_{family}_delivery",
                 summary="重新推送一条记录",
                 response_model=DeliveryBody)
    async def redeliver_one(scope: Scope, webhook_id: str, delivery_id: str, _: caller,
                            runtime: RuntimeDep) -> dict[str, Any]:
        """Send a logged notification again, once, now (the same `webhook-id`, so a receiver can drop a repeat)."""
        doc = await document(runtime, scope, webhook_id)
        if doc.status == "removed":
            raise RuleViolation("该推送地址已删除", field="status")
        row = await runtime.store.get_document(DELIVERIES, delivery_id)
        if row is None or row.lookup_key != webhook_id:
            raise NotFound(f"推送记录 {delivery_id} 不存在", field="delivery_id")
        if row.status == "retrying":
            raise RuleViolation("这条通知正在重试中，无需重发", field="status")
        return await redeliver(runtime, doc.data, scope, row.data)

    return router


township_router = subscriptions_router("/v1/townships/{township}/alert-webhooks", known_township, Admin, "webhook")
county_router = subscriptions_router("/v1/county/alert-webhooks", county_scope, CountyAdmin, "webhook")
township_receivers = subscriptions_router("/v1/townships/{township}/alert-receivers", known_township, Admin,
                                          "receiver")
county_receivers = subscriptions_router("/v1/county/alert-receivers", county_scope, CountyAdmin, "receiver")
