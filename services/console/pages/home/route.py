"""首页 of a township: open work and this week's deadlines per desk, live alerts, this year's figures."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.console.menu import ALERTS
from services.console.pages.alerts.route import DECIDE, alert_items
from services.console.session import Desk, SignedIn
from services.console.templating import render

router = APIRouter()
DESKS = ("mediation", "disclosure", "petition")


@router.get("/t/{township}/")
async def home(request: Request, township: Desk, account: SignedIn) -> Response:
    backend = request.app.state.console.backend
    await request.app.state.console.dictionary.refresh(backend.clients)
    base = f"/v1/townships/{township}"
    show_alerts = account.has_role(*ALERTS)
    week, open_work, stats, alerts = await asyncio.gather(
        backend.get(account, "reporting", f"{base}/deadlines", within_days=7),
        backend.get(account, "reporting", f"{base}/deadlines", within_days=366),
        backend.get(account, "reporting", f"{base}/statistics"),
        alert_items(request, account, township) if show_alerts else _nothing(),
    )
    desks = _desks(week.body if week.ok else None, open_work.body if open_work.ok else None)
    figures = _figures(stats.body) if stats.ok else None
    return render(request, "home/home.html", title="首页", desks=desks, due=week.body if week.ok else None,
                  figures=figures, chart=_chart(stats.body) if stats.ok else None, alerts=alerts,
                  chart_rows=_chart_rows(stats.body) if stats.ok else [],
                  show_alerts=show_alerts, can_decide=account.has_role(*DECIDE), can_see_figures=stats.ok)


async def _nothing() -> list[Any]:
    return []


def _desks(week: dict[str, Any] | None, open_work: dict[str, Any] | None) -> list[dict[str, Any]]:
    if week is None or open_work is None:
        return []
    open_count = Counter(i["service"] for i in open_work["overdue"] + open_work["due_soon"])
    overdue = Counter(i["service"] for i in week["overdue"])
    due = Counter(i["service"] for i in week["due_soon"])
    return [{"service": s, "open": open_count[s], "overdue": overdue[s], "due_this_week": due[s]} for s in DESKS]


def _figures(stats: dict[str, Any]) -> list[tuple[str, Any]]:
    m, d, p = stats.get("mediation", {}), stats.get("disclosure", {}), stats.get("petition", {})
    disputes, apps = m.get("disputes", {}), d.get("applications", {})
    return [
        ("纠纷登记", disputes.get("registered", 0)), ("调解成功", disputes.get("agreed", 0)),
        ("依申请公开", apps.get("received", 0)), ("按时答复率", _percent(apps.get("on_time_rate"))),
        ("信访登记", p.get("cases", {}).get("registered", 0)), ("领导接访日", p.get("receptions", {}).get("held", 0)),
    ]


def _percent(rate: Any) -> str:
    return "—" if rate is None else f"{float(rate) * 100:.0f}%"


def _chart_rows(stats: dict[str, Any]) -> list[tuple[str, int]]:
    """Disputes registered per village this year: the bar chart, and the table shown without JavaScript."""
    rows = stats.get("villages", {}).get("rows") or []
    return [(r.get("name") or r.get("village"),
             r.get("mediation", {}).get("disputes", {}).get("registered", r.get("disputes_registered", 0)))
            for r in rows]


def _chart(stats: dict[str, Any]) -> str | None:
    rows = _chart_rows(stats)
    if not rows:
        return None
    return json.dumps({"labels": [n for n, _ in rows], "values": [v for _, v in rows]}, ensure_ascii=False)
