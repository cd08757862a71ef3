"""Webhook subscriptions: an endpoint that receives signed alert notifications for a scope."""

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

    def register(self, *, url: str, scope: str | None, rules: list[c.Rule], levels: list[c.Level], by: str,
                 now: datetime) -> list[DomainEvent]:
        return [c.WebhookRegistered(
            webhook_id=self.id, url=url, township=scope, rules=[r for r in c.Rule if r in rules],
            levels=[level for level in c.Level if level in levels], registered_by=by, registered_at=now,
        )]

    def remove(self, *, by: str, now: datetime) -> list[DomainEvent]:
        if self.removed is not None:
            raise RuleViolation("the webhook was already removed", field="status")
        return [c.WebhookRemoved(webhook_id=self.id, by=by, removed_at=now)]

    @property
    def active(self) -> bool:
        return self.registered is not None and self.removed is None

    def wants(self, *, township: str, rule: c.Rule, level: c.Level) -> bool:
        """Is a notification of this alert for this subscriber?"""
        r = self.registered
        if r is None or self.removed is not None:
            return False
        return (r.township in (None, township)) and (not r.rules or rule in r.rules) and (
            not r.levels or level in r.levels)

    def apply(self, event: DomainEvent) -> None:
        match event:
            case c.WebhookRegistered():
                self.registered = event
            case c.WebhookRemoved():
                self.removed = event
