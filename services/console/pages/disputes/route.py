"""矛盾纠纷: the list with filters and search, registering a dispute, the case page and its actions."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fazhi.pii import validate_id_number
from services.console.case_actions import whole_number
from services.console.field_errors import FormErrors, from_problem, in_chinese
from services.console.menu import MEDIATION
from services.console.pages.disputes.actions import ACTIONS, allowed
from services.console.session import Desk, NotYours, SignedIn, require_role
from services.console.templating import render

router = APIRouter(prefix="/t/{township}")
PARTIES = 2  # party rows on the form; the second is optional
SERVICE_FIELDS = {f"parties.{i}.{part}": f"party{i + 1}_{part}" for i in range(PARTIES)
                  for part in ("name", "id_number", "phone")}
SERVICE_FIELDS |= {f"parties.{i}": f"party{i + 1}_name" for i in range(PARTIES)}
SERVICE_FIELDS |= {"parties": "party1_name", **{f: f for f in (
    "level", "village", "source", "category", "people_involved", "amount", "description", "risk_flags")}}


def _matches(row: dict[str, Any], q: str) -> bool:
    """The search on the console's side: case number, id, or a party's name or ID number."""
    haystack = [row.get("case_number") or "", row["id"]]
    haystack += [p.get("name") or "" for p in row.get("parties", [])]
    haystack += [p.get("id_number") or "" for p in row.get("parties", [])]
    return any(q.lower() in h.lower() for h in haystack)


@router.get("/disputes")
async def dispute_list(request: Request, township: Desk, account: SignedIn, status: str = "", village: str = "",
                       category: str = "", severity: str = "", overdue: str = "", q: str = "",
                       cursor: str = "") -> Response:
    require_role(account, *MEDIATION)
    answer = await request.app.state.console.backend.get(
        account, "mediation", f"/v1/townships/{township}/disputes", status=status, village=village,
        category=category, severity=severity, overdue="true" if overdue else None, q=q.strip(), cursor=cursor,
        limit=50)
    errors = FormErrors.none() if answer.ok else from_problem(answer.body, {
        "status": "status", "village": "village", "category": "category", "severity": "severity"}, answer.status)
    body = answer.body if answer.ok else {"items": [], "next_cursor": None}
    rows = [r for r in body["items"] if _matches(r, q.strip())] if q.strip() else body["items"]
    filters = {"status": status, "village": village, "category": category, "severity": severity,
               "overdue": overdue, "q": q}
    template = "disputes/rows.html" if request.headers.get("HX-Request") else "disputes/list.html"
    return render(request, template, title="纠纷台账", rows=rows, total=body.get("total"),
                  next_cursor=body.get("next_cursor"), filters=filters, errors=errors,
                  villages=_villages(request, township), village_names=dict(_villages(request, township)))


def _villages(request: Request, township: str) -> list[tuple[str, str]]:
    county = request.app.state.console.county
    return [(v.code, v.name) for v in county.township(township).villages]


def _blank_form() -> dict[str, Any]:
    return {"level": "village", "source": "walk_in", "category": "", "people_involved": "2", "risk_flags": [],
            "nonce": secrets.token_urlsafe(16)}


@router.get("/disputes/new")
async def new_dispute(request: Request, township: Desk, account: SignedIn) -> Response:
    require_role(account, "mediator", "mediation_officer")
    return render(request, "disputes/new.html", title="登记纠纷", form=_blank_form(), errors=FormErrors.none(),
                  villages=_villages(request, township), parties=PARTIES)


@router.get("/disputes/new/check-id")
async def check_id(request: Request, township: Desk, account: SignedIn, field: str) -> HTMLResponse:
    """The inline check of an ID number as it is typed (htmx): the message for the field, or nothing."""
    value = request.query_params.get(field, "").strip()
    if field not in SERVICE_FIELDS.values() or not value:
        return HTMLResponse("")
    try:
        validate_id_number(value)
    except ValueError as err:
        return render(request, "disputes/field_error.html", name=field, message=in_chinese(str(err)))
    return HTMLResponse("")


def _register_body(form: dict[str, Any]) -> dict[str, Any]:
    parties = []
    for i in range(1, PARTIES + 1):
        name, id_number, phone = (str(form.get(f"party{i}_{p}", "")).strip() for p in ("name", "id_number", "phone"))
        if i == 1 or name or id_number or phone:
            parties.append({"name": name, "id_number": id_number or None, "phone": phone or None})
    body: dict[str, Any] = {
        "level": form.get("level"), "village": form.get("village") or None, "source": form.get("source"),
        "category": form.get("category"), "parties": parties,
        "people_involved": whole_number(form.get("people_involved")),
        "amount": form.get("amount") or None, "description": form.get("description", ""),
        "risk_flags": form.get("risk_flags", []),
    }
    if body["level"] == "township":
        body["village"] = body["village"]  # a township case may still name the village it arose in
    return body


async def _form(request: Request) -> dict[str, Any]:
    data = await request.form()
    form: dict[str, Any] = {k: v for k, v in data.items() if isinstance(v, str)}
    form["risk_flags"] = data.getlist("risk_flags")
    form["routes_told"] = data.getlist("routes_told")
    return form


def _check_locally(form: dict[str, Any], errors: FormErrors) -> None:
    """What the console can tell at once, so every mistake is listed together; the service checks it all again."""
    if not str(form.get("party1_name", "")).strip():
        errors.add("party1_name", "请填写当事人姓名")
    for i in range(1, PARTIES + 1):
        number = str(form.get(f"party{i}_id_number", "")).strip()
        if number:
            try:
                validate_id_number(number)
            except ValueError as err:
                errors.add(f"party{i}_id_number", in_chinese(str(err)))
    if form.get("level") == "village" and not form.get("village"):
        errors.add("village", "村级纠纷须选择所在村")
    if not form.get("category"):
        errors.add("category", "请选择纠纷类型")
    if not str(form.get("description", "")).strip():
        errors.add("description", "请简要填写纠纷情况")


@router.post("/disputes/new")
async def register(request: Request, township: Desk, account: SignedIn) -> Response:
    require_role(account, "mediator", "mediation_officer")
    form = await _form(request)
    errors = FormErrors.none()
    _check_locally(form, errors)
    if not errors:
        answer = await request.app.state.console.backend.post(
            account, "mediation", f"/v1/townships/{township}/disputes", _register_body(form),
            idempotency_key=form.get("nonce") or None)
        if answer.ok:
            return RedirectResponse(f"/t/{township}/disputes/{answer.body['id']}?done=登记成功", status_code=303)
        errors = from_problem(answer.body, SERVICE_FIELDS, answer.status)
    form["nonce"] = secrets.token_urlsafe(16)  # what was refused was not written: a new attempt is a new case
    return render(request, "disputes/new.html", status_code=422, title="登记纠纷（有错误）", form=form,
                  errors=errors, villages=_villages(request, township), parties=PARTIES)


@router.get("/disputes/{dispute_id}")
async def case_page(request: Request, township: Desk, account: SignedIn, dispute_id: str) -> Response:
    require_role(account, *MEDIATION)
    return await _case(request, township, account, dispute_id, FormErrors.none(), None)


async def _case(request: Request, township: str, account, dispute_id: str, errors: FormErrors,
                failed_verb: str | None, status_code: int = 200) -> Response:
    backend = request.app.state.console.backend
    base = f"/v1/townships/{township}/disputes/{dispute_id}"
    case, history = await asyncio.gather(backend.get(account, "mediation", base),
                                         backend.get(account, "mediation", f"{base}/events"))
    if case.status == 404:
        raise NotYours()
    if not case.ok:
        return render(request, "error.html", status_code=case.status, title="无法打开案件",
                      message="；".join(from_problem(case.body, {}, case.status).general))
    can_act = account.has_role("mediator", "mediation_officer")
    return render(request, "disputes/case.html", status_code=status_code, title="纠纷案件", case=case.body,
                  events=history.body["items"] if history.ok else [],
                  actions=allowed(case.body) if can_act else [], errors=errors, failed_verb=failed_verb)


@router.post("/disputes/{dispute_id}/{verb}")
async def act(request: Request, township: Desk, account: SignedIn, dispute_id: str, verb: str) -> Response:
    require_role(account, "mediator", "mediation_officer")
    action = ACTIONS.get(verb)
    if action is None:
        raise NotYours()
    form = await _form(request)
    answer = await request.app.state.console.backend.post(
        account, "mediation", f"/v1/townships/{township}/disputes/{dispute_id}/{action.path}", action.body(form),
        if_match=form.get("version") or None)
    if answer.ok:
        return RedirectResponse(f"/t/{township}/disputes/{dispute_id}?done={action.label}：已完成", status_code=303)
    fields = {i.name: i.name for i in action.inputs}
    errors = from_problem(answer.body, fields, answer.status)
    return await _case(request, township, account, dispute_id, errors, verb, status_code=answer.status)


@router.get("/screenings")
async def screenings(request: Request, township: Desk, account: SignedIn, month: str = "") -> Response:
    """月度排查: each village's report for the month, and a zero-report button for those still missing."""
    require_role(account, *MEDIATION)
    month = month or request.app.state.console.clock.today().strftime("%Y-%m")
    backend = request.app.state.console.backend
    base = f"/v1/townships/{township}/screenings"
    reports, missing = await asyncio.gather(backend.get(account, "mediation", base, month=month),
                                            backend.get(account, "mediation", f"{base}/missing", month=month))
    errors = FormErrors.none()
    if not reports.ok:
        errors = from_problem(reports.body, {"month": "month"}, reports.status)
    reported = {r["village"]: r for r in (reports.body["items"] if reports.ok else [])}
    waiting = set(missing.body["villages"]) if missing.ok else set()
    rows = [{"code": code, "name": name, "report": reported.get(code), "missing": code in waiting}
            for code, name in _villages(request, township)]
    return render(request, "disputes/screenings.html", title="月度排查", month=month, rows=rows, errors=errors,
                  can_report=account.has_role("mediator", "mediation_officer"))


@router.post("/screenings/zero-report")
async def zero_report(request: Request, township: Desk, account: SignedIn) -> Response:
    require_role(account, "mediator", "mediation_officer")
    form = await _form(request)
    month, village = form.get("month", ""), form.get("village", "")
    answer = await request.app.state.console.backend.post(
        account, "mediation", f"/v1/townships/{township}/screenings",
        {"village": village, "month": month, "dispute_ids": [], "zero_report": True})
    if answer.ok:
        return RedirectResponse(f"/t/{township}/screenings?month={month}", status_code=303)
    errors = from_problem(answer.body, {}, answer.status)
    return render(request, "error.html", status_code=answer.status, title="未能报送",
                  message="；".join([*errors.general, *errors.by_field.values()]))
