"""The alert timer: deadlines, screenings, ack windows and held notifications, looked at every few seconds.

Driven by the injected clock, so tests move a `FixedClock` and call `tick()`. With several
replicas only the holder of the `alerts-timer` lease runs it; every step is idempotent anyway.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import structlog

from fazhi.county import Township
from fazhi.service import Runtime
from fazhi.store import Document, DocumentQuery
from services.reporting.alerts.domain import Alert
from services.reporting.alerts.domain.timed import (
    DEADLINE_RULES, deadline_alerts, missing_screening, screening_month,
)
from services.reporting.alerts.domain.watch import CaseWatch
from services.reporting.alerts.handlers.alerts import escalate_or_release, raise_alert
from services.reporting.alerts.handlers.deadlines import reconcile
from services.reporting.alerts.handlers.watching import SCREENINGS, screening_id
from services.reporting.alerts.views import WATCH

log = structlog.get_logger("alerts.timer")
TIMER = {"actor": "alerts-timer", "roles": []}


@dataclass
class Tick:
    """What one look did, for logs and tests."""

    raised: int = 0
    looked_at: int = 0


class AlertTimer:
    """The periodic look; `tick()` is one look, callable directly (tests move a FixedClock and tick)."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    async def run(self) -> None:
        """Tick every `alerts.check_seconds` until cancelled (the first one period after the bus connected,
        once the consumers have caught up a little); a failed tick is logged and tried again."""
        while not self.runtime.bus_connected:  # until then the watches may be behind what has happened
            await asyncio.sleep(0.1)
        while True:
            await asyncio.sleep(self.runtime.county.alerts.check_seconds)
            try:
                await self.tick()
            except Exception as error:
                log.warning("alerts_timer.failed", error=repr(error))

    async def tick(self) -> Tick:
        """One look at every township, at the clock's now."""
        result = Tick()
        today, now = self.runtime.clock.today(), self.runtime.clock.now()
        for township in self.runtime.county.townships:
            result.raised += await self._deadlines(township.code, today)
            result.raised += await self._screenings(township, today)
            result.looked_at += await self._open_alerts(township.code, now)
        return result

    async def _deadlines(self, township: str, today: date) -> int:
        rules = self.runtime.county.rules_for(township)
        horizon = today + timedelta(days=rules.due_soon_days)
        raised = 0
        async for doc in self._all(DocumentQuery(WATCH, township=township, due_before=horizon, limit=200)):
            for spec in deadline_alerts(CaseWatch.from_data(doc.data), today, rules):
                raised += await raise_alert(self.runtime, township, spec, TIMER)
        return raised

    async def _screenings(self, township: Township, today: date) -> int:
        month = screening_month(today, self.runtime.county.rules_for(township.code))
        if month is None:
            return 0
        raised = 0
        for village in township.villages:
            if await self.runtime.store.get_document(SCREENINGS, screening_id(township.code, village.code, month)):
                continue
            raised += await raise_alert(self.runtime, township.code, missing_screening(township.code, village.code,
                                                                                       month), TIMER)
        return raised

    async def _open_alerts(self, township: str, now: datetime) -> int:
        """Climb or release what is due; resolve deadline alerts the case moved past."""
        docs = [doc async for doc in self._all(DocumentQuery(Alert.stream_type, township=township, is_open=True))]
        for doc in docs:
            data = doc.data
            due = data["ack_due_at"]
            if data["held"] or (data["status"] == "open" and due and datetime.fromisoformat(due) <= now):
                await escalate_or_release(self.runtime, township, doc.id, TIMER)
            if doc.category in DEADLINE_RULES:
                watch = await self.runtime.store.get_document(WATCH, data["subject"]["id"])
                if watch is not None:
                    await reconcile(self.runtime, CaseWatch.from_data(watch.data), TIMER)
        return len(docs)

    async def _all(self, query: DocumentQuery) -> AsyncIterator[Document]:
        cursor = None
        while True:
            page = await self.runtime.store.list_documents(
                DocumentQuery(**{**query.__dict__, "after": cursor, "limit": 200}))
            for doc in page.items:
                yield doc
            if (cursor := page.next_cursor) is None:
                return
