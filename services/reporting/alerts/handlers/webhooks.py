"""Subscription commands: register (checked against the egress policy, then pinged), rotate the signing
secret, give up (disable and alert the owner), enable again, remove.

What must not travel on the bus — signing secrets, a robot's URL with its key, phone numbers,
mail addresses — is a private row beside the stream (collection `alert_webhook_secret`),
written in the same transaction as the event; a rebuild of the read models leaves it alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fazhi.commands import create, execute, load
from fazhi.errors import InvalidInput, NotFound
from fazhi.pii import mask_phone
from fazhi.service import Runtime
from fazhi.store import Document
from services.reporting.alerts import commands as cmd
from services.reporting.alerts.contract import CaseRef, Channel, Level, Rule
from services.reporting.alerts.delivery.channels import new_secret
from services.reporting.alerts.delivery.egress import policy_of
from services.reporting.alerts.domain import Raise, Webhook
from services.reporting.alerts.handlers.alerts import raise_alert, resolve_for_case
from services.reporting.alerts.views import project_webhook

SECRETS = "alert_webhook_secret"
SYSTEM = {"actor": "alerts-delivery", "roles": []}


async def register_webhook(runtime: Runtime, scope: str, body: cmd.RegisterWebhook, metadata: dict[str, Any],
                           key: str | None, fingerprint: str) -> tuple[Webhook, str, bool]:
    """(webhook, secret, created); `scope` is a township, or the county's code for every township."""
    await policy_of(runtime).check_registration(body.url)
    private = {"url": body.url, "secret": body.secret or new_secret()}
    webhook, created = await _register(runtime, scope, body.url, Channel.WEBHOOK, None, private, body.rules,
                                       body.levels, metadata, key, fingerprint)
    return webhook, str((await private_of(runtime, webhook.id))["secret"]), created


async def register_receiver(runtime: Runtime, scope: str, body: cmd.RegisterReceiver, metadata: dict[str, Any],
                            key: str | None, fingerprint: str) -> tuple[Webhook, bool]:
    """A WeCom or DingTalk robot, mail addresses or phones; the target is kept private, the event shows it masked."""
    channel, alerts = body.channel, runtime.county.alerts
    if channel in (Channel.WECOM, Channel.DINGTALK):
        if not body.url:
            raise InvalidInput("企业微信、钉钉机器人需要填写 url", field="url")
        await policy_of(runtime).check_registration(body.url)
        if channel is Channel.DINGTALK and not body.secret:
            raise InvalidInput("钉钉机器人需要填写加签密钥 secret", field="secret")
        private: dict[str, Any] = {"url": body.url, "secret": body.secret}
        shown = _without_query(body.url)
    elif channel is Channel.EMAIL:
        if not body.to:
            raise InvalidInput("邮件接收需要填写收件地址 to", field="to")
        if alerts.smtp is None:
            raise InvalidInput("县配置没有邮件服务器（alerts.smtp），不能添加邮件接收", field="channel")
        private, shown = {"to": body.to}, ", ".join(_mask_mail(a) for a in body.to)
    else:
        if not body.phones:
            raise InvalidInput("短信接收需要填写手机号 phones", field="phones")
        if alerts.sms is None or runtime.settings.sms_secret is None:
            raise InvalidInput("县配置没有短信网关（alerts.sms、FAZHI_SMS_SECRET），不能添加短信接收", field="channel")
        private, shown = {"phones": body.phones}, ", ".join(mask_phone(p) for p in body.phones)
    return await _register(runtime, scope, shown, channel, body.name, private, body.rules, body.levels, metadata, key,
                           fingerprint, on_duty=body.on_duty)


async def _register(runtime: Runtime, scope: str, shown: str, channel: Channel, name: str | None,
                    private: dict[str, Any], rules: list[Rule], levels: list[Level], metadata: dict[str, Any],
                    key: str | None, fingerprint: str, on_duty: bool = False) -> tuple[Webhook, bool]:
    township = None if scope == runtime.county.code else scope

    def project(w: Webhook) -> list[Document]:
        row = Document(collection=SECRETS, id=w.id, township=scope, version=w.version, data=private, is_open=False)
        return [*project_webhook(w), row]

    return await create(
        runtime.store, Webhook, scope,
        lambda w: w.register(url=shown, scope=township, rules=rules, levels=levels, by=metadata["actor"],
                             now=runtime.clock.now(), channel=channel, name=name, on_duty=on_duty),
        metadata=metadata, project=project, idempotency_key=key, fingerprint=fingerprint,
    )


async def private_of(runtime: Runtime, webhook_id: str) -> dict[str, Any]:
    """The private row: `url`, `secret`, `previous` / `previous_expires_at`, `to`, `phones`."""
    row = await runtime.store.get_document(SECRETS, webhook_id)
    if row is None:
        raise NotFound(f"推送地址 {webhook_id} 没有保存的目标或密钥", field="id")
    data = dict(row.data)
    data.setdefault("url", None)
    return data


def signing_secrets(private: dict[str, Any], now: datetime) -> list[str]:
    """The secrets that sign now: the current one, and the previous one until it expires."""
    found = [private["secret"]] if private.get("secret") else []
    expires = private.get("previous_expires_at")
    if private.get("previous") and expires and now < datetime.fromisoformat(expires):
        found.append(private["previous"])
    return found


async def rotate_secret(runtime: Runtime, scope: str, id: str, body: cmd.RotateSecret,
                        metadata: dict[str, Any]) -> tuple[Webhook, str]:
    """A new secret; the old one keeps signing (both signatures sent) for `keep_previous_hours`."""
    now = runtime.clock.now()
    expires = now + timedelta(hours=body.keep_previous_hours)
    private = await private_of(runtime, id)
    secret = body.secret or new_secret()
    rotated = {**private, "secret": secret, "previous": private.get("secret"),
               "previous_expires_at": expires.isoformat()}

    def project(w: Webhook) -> list[Document]:
        return [*project_webhook(w), Document(collection=SECRETS, id=w.id, township=scope, version=w.version,
                                              data=rotated, is_open=False)]

    webhook = await execute(runtime.store, Webhook, id, scope,
                            lambda w: w.rotate_secret(by=metadata["actor"], now=now, previous_expires_at=expires),
                            metadata=metadata, project=project)
    return webhook, secret


async def give_up(runtime: Runtime, scope: str, id: str, *, attempts: int, since: datetime) -> Webhook:
    """Alert the owner (the township, or the county for a county-wide subscription), then disable it.

    In that order: the alert's key names the subscription's version before disabling, so a crash in
    between gives up again on restart, raises nothing twice, and disables."""
    now = runtime.clock.now()
    webhook = await load(runtime.store, Webhook, id, scope)
    r = webhook.registered
    assert r is not None
    if not webhook.active:
        return webhook
    spec = Raise(
        key=f"{Rule.DELIVERY_DISABLED}:{id}:{webhook.version}", rule=Rule.DELIVERY_DISABLED,
        level=Level.COUNTY if r.township is None else Level.TOWNSHIP, village=None,
        subject=CaseRef(service="reporting", kind="alert_webhook", id=id), title=f"告警推送已停用：{r.name or r.url}",
        details={"channel": str(r.channel), "target": r.url, "attempts": attempts, "failing_since": since.isoformat()},
    )
    await raise_alert(runtime, scope, spec, SYSTEM)
    hours = runtime.settings.alert_give_up_hours
    return await execute(
        runtime.store, Webhook, id, scope,
        lambda w: w.give_up(reason=f"{hours:g} 小时内未能送达，已停用", attempts=attempts, since=since, now=now),
        metadata=SYSTEM, project=project_webhook,
    )


async def enable(runtime: Runtime, scope: str, id: str, metadata: dict[str, Any]) -> Webhook:
    """Deliveries resume (from the notification given up on); the owner's alert about it is resolved."""
    now = runtime.clock.now()
    webhook = await execute(runtime.store, Webhook, id, scope, lambda w: w.enable(by=metadata["actor"], now=now),
                            metadata=metadata, project=project_webhook)
    await resolve_for_case(runtime, scope, id, frozenset({Rule.DELIVERY_DISABLED}), "推送地址已重新启用", metadata)
    return webhook


async def remove_webhook(runtime: Runtime, scope: str, id: str, metadata: dict[str, Any]) -> Webhook:
    now = runtime.clock.now()
    webhook = await execute(runtime.store, Webhook, id, scope, lambda w: w.remove(by=metadata["actor"], now=now),
                            metadata=metadata, project=project_webhook)
    await resolve_for_case(runtime, scope, id, frozenset({Rule.DELIVERY_DISABLED}), "推送地址已删除", metadata)
    return webhook


def _without_query(url: str) -> str:
    """A robot URL without its key (`?key=…`, `?access_token=…`)."""
    return url.split("?", 1)[0]


def _mask_mail(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"
