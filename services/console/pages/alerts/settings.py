"""预警设置: silences (leaders and county supervisors) and webhook receivers (a township or county admin)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from fazhi.clock import CHINA
from services.console.field_errors import FormErrors, from_problem
from services.console.menu import ALERTS
from services.console.pages.alerts.route import DECIDE
from services.console.session import Desk, SignedIn, require_role
from services.console.templating import render

router = APIRouter(prefix="/t/{township}/alert-settings")


async def _page(request: Request, township: str, account, errors: FormErrors, failed: str | None = None,
                form: dict[str, Any] | None = None, secret: str | None = None, status_code: int = 200) -> Response:
    backend = request.app.state.console.backend
    silences, webhooks = await asyncio.gather(
        backend.get(account, "reporting", f"/v1/townships/{township}/silences"),
        backend.get(account, "reporting", f"/v1/townships/{township}/alert-webhooks"))
    return render(request, "alerts/settings.html", status_code=status_code, title="预警设置",
                  silences=silences.body["items"] if silences.ok else [],
                  webhooks=[w for w in (webhooks.body["items"] if webhooks.ok else []) if w["status"] == "active"],
                  can_decide=account.has_role(*DECIDE), can_subscribe=account.has_role("admin"),  # admins only
                  errors=errors, failed=failed, form=form or {}, secret=secret)


@router.get("")
async def settings(request: Request, township: Desk, account: SignedIn) -> Response:
    require_role(account, *ALERTS)
    return await _page(request, township, account, FormErrors.none())


def _aware(local: str) -> str | None:
    """A `datetime-local` value, read as the county's time."""
    try:
        return datetime.fromisoformat(local).replace(tzinfo=CHINA).isoformat() if local else None
    except ValueError:
        return "invalid"


@router.post("/silences")
async def create_silence(request: Request, township: Desk, account: SignedIn) -> Response:
    require_role(account, *DECIDE)
    data = await request.form()
    form = {k: v for k, v in data.items() if isinstance(v, str)}
    body = {"reason": form.get("reason", ""), "ends_at": _aware(form.get("ends_at", "")),
            "rule": form.get("rule") or None, "level": form.get("level") or None}
    answer = await request.app.state.console.backend.post(account, "reporting",
                                                          f"/v1/townships/{township}/silences", body)
    if answer.ok:
        return RedirectResponse(f"/t/{township}/alert-settings?done=已设置静默", status_code=303)
    errors = from_problem(answer.body, {"reason": "reason", "ends_at": "ends_at", "rule": "rule"}, answer.status)
    return await _page(request, township, account, errors, "silence", form, status_code=answer.status)


@router.post("/silences/{silence_id}/end")
async def end_silence(request: Request, township: Desk, account: SignedIn, silence_id: str) -> Response:
    require_role(account, *DECIDE)
    answer = await request.app.state.console.backend.call(
        account, "reporting", "DELETE", f"/v1/townships/{township}/silences/{silence_id}")
    done = "已结束静默" if answer.ok else "未能结束静默"
    return RedirectResponse(f"/t/{township}/alert-settings?done={done}", status_code=303)


@router.post("/webhooks")
async def register_webhook(request: Request, township: Desk, account: SignedIn) -> Response:
    require_role(account, *ALERTS)
    data = await request.form()
    form = {"url": str(data.get("url", "")).strip(), "rules": data.getlist("rules"), "levels": data.getlist("levels")}
    answer = await request.app.state.console.backend.post(account, "reporting",
                                                          f"/v1/townships/{township}/alert-webhooks", form)
    if answer.ok:  # the secret is shown once, here, and never again
        return await _page(request, township, account, FormErrors.none(), secret=answer.body.get("secret"))
    errors = from_problem(answer.body, {"url": "url", "rules": "rules", "levels": "levels"}, answer.status)
    return await _page(request, township, account, errors, "webhook", form, status_code=answer.status)


@router.post("/webhooks/{webhook_id}/remove")
async def remove_webhook(request: Request, township: Desk, account: SignedIn, webhook_id: str) -> Response:
    require_role(account, *ALERTS)
    answer = await request.app.state.console.backend.call(
        account, "reporting", "DELETE", f"/v1/townships/{township}/alert-webhooks/{webhook_id}")
    done = "已删除接收地址" if answer.ok else "未能删除"
    return RedirectResponse(f"/t/{township}/alert-settings?done={done}", status_code=303)
