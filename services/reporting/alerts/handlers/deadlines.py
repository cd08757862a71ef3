"""Resolving alerts the case has moved past: a deadline met, moved or paused; a late screening report."""

from __future__ import annotations

from typing import Any

from fazhi.service import Runtime
from fazhi.store import DocumentQuery
from services.reporting.alerts.contract import Rule
from services.reporting.alerts.domain import Alert
from services.reporting.alerts.domain.timed import stale_reason
from services.reporting.alerts.domain.watch import CaseWatch
from services.reporting.alerts.handlers.alerts import resolve


async def reconcile(runtime: Runtime, watch: CaseWatch, metadata: dict[str, Any]) -> int:
    """Resolve the case's deadline alerts that no longer hold; how many were resolved."""
    resolved = 0
    for doc in await _open_alerts(runtime, watch.township, watch.case_id):
        reason = stale_reason(watch, Rule(doc.category), doc.data["details"], runtime.clock.today())
        if reason is not None:
            await resolve(runtime, watch.township, doc.id, reason=reason, metadata=metadata, automatic=True)
            resolved += 1
    return resolved


async def screening_arrived(runtime: Runtime, township: str, village: str, month: str,
                            metadata: dict[str, Any]) -> int:
    """A late screening report resolves the village's alert for that month."""
    resolved = 0
    for doc in await _open_alerts(runtime, township, f"{township}:{village}"):
        if doc.category == Rule.MISSING_SCREENING and doc.data["details"].get("month") == month:
            await resolve(runtime, township, doc.id, reason=f"the screening report for {month} arrived",
                          metadata=metadata, automatic=True)
            resolved += 1
    return resolved


async def _open_alerts(runtime: Runtime, township: str, case_id: str) -> list[Any]:
    page = await runtime.store.list_documents(
        DocumentQuery(Alert.stream_type, township=township, lookup_key=case_id, is_open=True, limit=200))
    return page.items
