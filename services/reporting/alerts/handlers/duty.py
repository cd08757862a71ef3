"""The duty roster: schedule and cancel shifts; who is on duty at a moment, and whether a duty receiver is."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fazhi.commands import create, execute
from fazhi.errors import InvalidInput
from fazhi.service import Runtime
from fazhi.store import Document, DocumentQuery
from services.reporting.alerts import commands as cmd
from services.reporting.alerts.domain import Webhook
from services.reporting.alerts.domain.duty import LONGEST_SHIFT, DutyShift
from services.reporting.alerts.views import project_duty


async def schedule_shift(runtime: Runtime, scope: str, body: cmd.ScheduleDutyShift, metadata: dict[str, Any],
                         key: str | None, fingerprint: str) -> tuple[DutyShift, bool]:
    """`receivers` must be active duty receivers of the same scope (a township's, or the county's)."""
    for index, receiver in enumerate(body.receivers):
        doc = await runtime.store.get_document(Webhook.stream_type, receiver)
        if doc is None or doc.township != scope or not doc.data.get("on_duty") or doc.status == "removed":
            raise InvalidInput(f"{receiver} 不是本{'县' if scope == runtime.county.code else '乡镇'}的值班接收方式"
                               "（添加接收方式时设 on_duty: true）", field=f"receivers.{index}")
    township = None if scope == runtime.county.code else scope
    return await create(
        runtime.store, DutyShift, scope,
        lambda d: d.schedule(scope=township, person=body.person, role=body.role, starts_at=body.starts_at,
                             ends_at=body.ends_at, receivers=body.receivers, by=metadata["actor"]),
        metadata=metadata, project=project_duty, idempotency_key=key, fingerprint=fingerprint,
    )


async def cancel_shift(runtime: Runtime, scope: str, id: str, metadata: dict[str, Any]) -> DutyShift:
    now = runtime.clock.now()
    return await execute(runtime.store, DutyShift, id, scope, lambda d: d.cancel(by=metadata["actor"], now=now),
                         metadata=metadata, project=project_duty)


async def on_duty_at(runtime: Runtime, scope: str, at: datetime) -> list[Document]:
    """The shifts of `scope` running at `at` (started by then, not ended, not cancelled)."""
    page = await runtime.store.list_documents(DocumentQuery(
        DutyShift.stream_type, township=scope, is_open=True, registered_from=at - LONGEST_SHIFT,
        registered_to=at + timedelta(microseconds=1), limit=200))
    return [doc for doc in page.items if datetime.fromisoformat(doc.data["ends_at"]) > at]


async def receiver_on_duty(runtime: Runtime, scope: str, receiver_id: str, at: datetime) -> bool:
    """Does a shift running at `at` name this duty receiver?"""
    return any(receiver_id in doc.data["receivers"] for doc in await on_duty_at(runtime, scope, at))
