"""Webhook commands. The signing secret is a row beside the stream, written with it, never an event:
events travel on the bus, and a rebuild of the read models leaves the secrets alone.
"""

from __future__ import annotations

import secrets
from typing import Any

from fazhi.commands import create, execute
from fazhi.errors import NotFound
from fazhi.service import Runtime
from fazhi.store import Document
from services.reporting.alerts import commands as cmd
from services.reporting.alerts.domain import Webhook
from services.reporting.alerts.views import project_webhook

SECRETS = "alert_webhook_secret"


async def register_webhook(runtime: Runtime, scope: str, body: cmd.RegisterWebhook, metadata: dict[str, Any],
                           key: str | None, fingerprint: str) -> tuple[Webhook, str, bool]:
    """(webhook, secret, created); `scope` is a township, or the county's code for every township."""
    secret = body.secret or secrets.token_urlsafe(32)
    township = None if scope == runtime.county.code else scope

    def project(w: Webhook) -> list[Document]:
        row = Document(collection=SECRETS, id=w.id, township=scope, version=w.version, data={"secret": secret},
                       is_open=False)
        return [*project_webhook(w), row]

    webhook, created = await create(
        runtime.store, Webhook, scope,
        lambda w: w.register(url=body.url, scope=township, rules=body.rules, levels=body.levels,
                             by=metadata["actor"], now=runtime.clock.now()),
        metadata=metadata, project=project, idempotency_key=key, fingerprint=fingerprint,
    )
    return webhook, await secret_of(runtime, webhook.id), created


async def secret_of(runtime: Runtime, webhook_id: str) -> str:
    row = await runtime.store.get_document(SECRETS, webhook_id)
    if row is None:
        raise NotFound(f"webhook {webhook_id} has no signing secret", field="id")
    return str(row.data["secret"])


async def remove_webhook(runtime: Runtime, scope: str, id: str, metadata: dict[str, Any]) -> Webhook:
    now = runtime.clock.now()
    return await execute(runtime.store, Webhook, id, scope, lambda w: w.remove(by=metadata["actor"], now=now),
                         metadata=metadata, project=project_webhook)
