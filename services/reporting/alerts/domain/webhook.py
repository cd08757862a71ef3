"""Subscriptions: a webhook or another channel (WeCom, DingTalk, e-mail, SMS) that receives alert notifications.

Registered → (gave up: disabled → enabled again)* → removed; its signing secret can be rotated.
"""

from __future__ import annotations

from datetime import datetime

from fazhi.aggregate import Aggregate
from fazhi.errors import RuleViolation
from fazhi.events import DomainEvent
from services.reporting.alerts import contract as c


class Webhook(Aggregate):
    """A subscriber's endpoint: a township's or (township None) the whole county's alerts, filtered."""

    stream_type = "alert_webhook"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.registered: c.WebhookRegistered | None = None
        self.removed: c.WebhookRemoved | None = None
        self.disabled: c.WebhookDisabled | None = None
        self.rotated: c.WebhookSecretRotated | None = None

    def register(self, *, url: str, scope: str | None, rules: list[c.Rule], levels: list[c.Level], by: str,
                 now: datetime, channel: c.Channel = c.Channel.WEBHOOK, name: str | None = None,
                 on_duty: bool = False) -> list[DomainEvent]:
        return [c.WebhookRegistered(
            webhook_id=self.id, url=url, township=scope, rules=[r for r in c.Rule if r in rules],
            levels=[level for level in c.Level if level in levels], registered_by=by, registered_at=now,
            channel=channel, name=name, on_duty=on_duty,
        )]

    def remove(self, *, by: str, now: datetime) -> list[DomainEvent]:
        if self.removed is not None:
            raise RuleViolation("该推送地址已删除", field="status")
        return [c.WebhookRemoved(webhook_id=self.id, by=by, removed_at=now)]

    def give_up(self, *, reason: str, attempts: int, since: datetime, now: datetime) -> list[DomainEvent]:
        """Stop sending after a notification went untaken too long (a second give-up changes nothing)."""
        if not self.active:
            return []
        return [c.WebhookDisabled(webhook_id=self.id, reason=reason, attempts=attempts, failing_since=since,
                                  disabled_at=now)]

    def enable(self, *, by: str, now: datetime) -> list[DomainEvent]:
        if self.removed is not None:
            raise RuleViolation("该推送地址已删除，不能启用", field="status")
        if self.disabled is None:
            raise RuleViolation("该推送地址未停用", field="status")
        return [c.WebhookEnabled(webhook_id=self.id, by=by, enabled_at=now)]

    def rotate_secret(self, *, by: str, now: datetime, previous_expires_at: datetime) -> list[DomainEvent]:
        if self.removed is not None:
            raise RuleViolation("该推送地址已删除", field="status")
        if self.channel is not c.Channel.WEBHOOK:
            raise RuleViolation("只有 webhook 有签名密钥可轮换", field="channel")
        return [c.WebhookSecretRotated(webhook_id=self.id, by=by, rotated_at=now,
                                       previous_expires_at=previous_expires_at)]

    @property
    def channel(self) -> c.Channel:
        return self.registered.channel if self.registered else c.Channel.WEBHOOK

    @property
    def active(self) -> bool:
        return self.registered is not None and self.removed is None and self.disabled is None

    @property
    def status(self) -> str:
        return "removed" if self.removed else "disabled" if self.disabled else "active"

    def wants(self, *, township: str, rule: c.Rule, level: c.Level) -> bool:
        """Is a notification of this alert for this subscriber?"""
        r = self.registered
        if r is None or not self.active:
            return False
        return (r.township in (None, township)) and (not r.rules or rule in r.rules) and (
            not r.levels or level in r.levels)

    def apply(self, event: DomainEvent) -> None:
        match event:
            case c.WebhookRegistered():
                self.registered = event
            case c.WebhookRemoved():
                self.removed = event
            case c.WebhookDisabled():
                self.disabled = event
            case c.WebhookEnabled():
                self.disabled = None
            case c.WebhookSecretRotated():
                self.rotated = event
