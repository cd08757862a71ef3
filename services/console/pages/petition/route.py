"""信访: cases with their statutory clocks, registering a petition, the case page and its actions (referral included)."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from fazhi.pii import validate_id_number
from services.console.case_actions import whole_number
from services.console.field_errors import FormErrors, from_problem, in_chinese
from services.console.menu import PETITION
from services.console.pages.petition.actions import ACTIONS, allowed
from services.console.session import Desk, NotYours, SignedIn, require_role
from services.console.templating import render

router = APIRouter(prefix="/t/{township}")
ACT = ("petition_officer",)
FIELDS = {"channel": "channel", "petitioners.0.name": "name", "petitioners.0.id_number": "id_number",
          "petitioners.0.phone": "phone", "petitioners": "name", "subject": "subject", "claims": "claims",
          "village": "village", "group_size": "group_size"}


@router.get("/petitions")
async def petition_list(request: Request, township: Desk, account: SignedIn, status: str = "",
                        cursor: str = "") -> Response:
    require_role(account, *PETITION)
    backend = request.app.state.console.backend
    answer = await backend.get(account, "petition", f"/v1/townships/{township}/petitions", status=status,
                               cursor=cursor, limit=50)
    body = answer.body if answer.ok else {"items": [], "next_cursor": None}
    today = request.app.state.console.clock.today().isoformat()
    return render(request, "petition/list.html", title="信访件", rows=body["items"],
                  next_cursor=body.get("next_cursor"), status=status, today=today)


def _villages(request: Request, township: str) -> list[tuple[str, str]]:
    return [(v.code, v.name) for v in request.app.state.console.county.township(township).villages]


@router.get("/petitions/new")
async def new_petition(request: Request, township: Desk, account: SignedIn) -> Response:
    require_role(account, *ACT)
    return render(request, "petition/new.html", title="登记信访", form={"channel": "visit",
                  "nonce": secrets.token_urlsafe(16)}, errors=FormErrors.none(), villages=_villages(request, township))


@router.post("/petitions/new")
async def register(request: Request, township: Desk, account: SignedIn) -> Response:
    require_role(account, *ACT)
    form = {k: v.strip() for k, v in (await request.form()).items() if isinstance(v, str)}
    errors = FormErrors.none()
    if form.get("id_number"):
        try:
            validate_id_number(form["id_number"])
        except ValueError as err:
            errors.add("id_number", in_chinese(str(err)))
    claims = [line.strip() for line in form.get("claims", "").splitlines() if line.strip()]
    if not claims:
        errors.add("claims", "请填写信访诉求，每行一项")
    if not errors:
        person = {"name": form.get("name", ""), "id_number": form.get("id_number") or None,
                  "phone": form.get("phone") or None}
        body = {"channel": form.get("channel"), "petitioners": [person] if form.get("name") else [],
                "subject": form.get("subject", ""), "claims": claims, "village": form.get("village") or None,
                "bypassed_level": form.get("bypassed_level") == "1",
                "group_size": whole_number(form.get("group_size"))}
        answer = await request.app.state.console.backend.post(
            account, "petition", f"/v1/townships/{township}/petitions", body, idempotency_key=form.get("nonce"))
        if answer.ok:
            return RedirectResponse(f"/t/{township}/petitions/{answer.body['id']}?done=已登记", status_code=303)
        errors = from_problem(answer.body, FIELDS, answer.status)
    form["nonce"] = secrets.token_urlsafe(16)
    return render(request, "petition/new.html", status_code=422, title="登记信访（有错误）", form=form, errors=errors,
                  villages=_villages(request, township))


@router.get("/petitions/{case_id}")
async def case_page(request: Request, township: Desk, account: SignedIn, case_id: str) -> Response:
    require_role(account, *PETITION)
    return await _case(request, township, account, case_id, FormErrors.none(), None)


async def _case(request: Request, township: str, account, case_id: str, errors: FormErrors, failed: str | None,
                status_code: int = 200) -> Response:
    backend = request.app.state.console.backend
    base = f"/v1/townships/{township}/petitions/{case_id}"
    case, history = await asyncio.gather(backend.get(account, "petition", base),
                                         backend.get(account, "petition", f"{base}/events"))
    if not case.ok:
        raise NotYours()
    return render(request, "petition/case.html", status_code=status_code, title="信访件", case=case.body,
                  events=history.body["items"] if history.ok else [], errors=errors, failed_verb=failed,
                  actions=allowed(case.body) if account.has_role(*ACT) else [],
                  today=request.app.state.console.clock.today().isoformat())


@router.post("/petitions/{case_id}/{verb}")
async def act(request: Request, township: Desk, account: SignedIn, case_id: str, verb: str) -> Response:
    require_role(account, *ACT)
    action = ACTIONS.get(verb)
    if action is None:
        raise NotYours()
    form: dict[str, Any] = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    answer = await request.app.state.console.backend.post(
        account, "petition", f"/v1/townships/{township}/petitions/{case_id}/{action.path}", action.body(form),
        if_match=form.get("version") or None)
    if answer.ok:
        return RedirectResponse(f"/t/{township}/petitions/{case_id}?done={action.label}：已完成", status_code=303)
    errors = from_problem(answer.body, {i.name: i.name for i in action.inputs}, answer.status)
    return await _case(request, township, account, case_id, errors, verb, status_code=answer.status)
