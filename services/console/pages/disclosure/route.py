"""政府信息公开: applications with their working-day countdown, and the actions the statute allows."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.console.field_errors import FormErrors, from_problem
from services.console.menu import DISCLOSURE
from services.console.session import Desk, NotYours, SignedIn, require_role
from services.console.templating import render
from services.disclosure.contract import OUTCOME_LABELS

router = APIRouter(prefix="/t/{township}/requests")
ACT = ("disclosure_officer",)
# verb → (button, fields); the service's statute rules decide whether each applies now
ACTIONS: dict[str, tuple[str, tuple[tuple[str, str, str], ...]]] = {
    "ask-correction": ("告知补正", (("missing", "需补正的内容", "textarea"), ("correct_by", "补正期限", "date"))),
    "receive-correction": ("收到补正", (("received_on", "收到补正日期", "date"),)),
    "abandon": ("逾期未补正，终止办理", ()),
    "consult": ("征求第三方意见", (("consultee_name", "被征求意见方", "text"),)),
    "consultation-answered": ("第三方已答复", (("opinion", "意见", "select:opinion"),)),
    "extend": ("延期答复（20个工作日）", (("reason", "延期理由", "textarea"),)),
    "answer": ("作出答复", (("outcome", "办理结果", "select:outcome"), ("summary", "答复要点", "textarea"))),
}
BY_STATUS = {
    "processing": ("ask-correction", "consult", "extend", "answer"),
    "awaiting_correction": ("receive-correction", "abandon"),
    "consulting": ("consultation-answered",),
}
OPINIONS = [("consents", "同意公开"), ("objects", "不同意公开"), ("no_reply", "逾期未提出意见")]


def countdown(request: Request, due_on: str | None) -> int | None:
    """Working days from today to the reply date (negative: overdue), by the county's calendar."""
    if not due_on:
        return None
    console = request.app.state.console
    today, due = console.clock.today(), date.fromisoformat(due_on)
    calendar = console.county.calendar()
    if due >= today:
        return calendar.workdays_between(today, due)
    return -calendar.workdays_between(due, today)


@router.get("")
async def request_list(request: Request, township: Desk, account: SignedIn, status: str = "", overdue: str = "",
                       cursor: str = "") -> Response:
    require_role(account, *DISCLOSURE)
    answer = await request.app.state.console.backend.get(
        account, "disclosure", f"/v1/townships/{township}/requests", status=status,
        overdue="true" if overdue else None, cursor=cursor, limit=50)
    body = answer.body if answer.ok else {"items": [], "next_cursor": None}
    for item in body["items"]:
        item["workdays_left"] = countdown(request, item.get("extended_due_on") or item.get("due_on"))
    return render(request, "disclosure/list.html", title="依申请公开", rows=body["items"],
                  next_cursor=body.get("next_cursor"), status=status, overdue=overdue)


RECEIVE_FIELDS = {"channel": "channel", "applicant_type": "applicant_type", "applicant.name": "applicant_name",
                  "applicant.id_number": "applicant_id_number", "applicant.phone": "applicant_phone",
                  "applicant.address": "applicant_address", "applicant": "applicant_name",
                  "information_sought": "information_sought", "received_on": "received_on", "org_type": "org_type"}


@router.get("/new")
async def new_request(request: Request, township: Desk, account: SignedIn) -> Response:
    require_role(account, *ACT)
    form = {"channel": "in_person", "applicant_type": "natural_person",
            "received_on": request.app.state.console.clock.today().isoformat()}
    return render(request, "disclosure/new.html", title="登记申请", form=form, errors=FormErrors.none())


@router.post("/new")
async def receive(request: Request, township: Desk, account: SignedIn) -> Response:
    require_role(account, *ACT)
    form = {k: v.strip() for k, v in (await request.form()).items() if isinstance(v, str)}
    applicant = {"name": form.get("applicant_name", ""), "id_number": form.get("applicant_id_number") or None,
                 "phone": form.get("applicant_phone") or None, "address": form.get("applicant_address") or None}
    body = {"channel": form.get("channel"), "applicant_type": form.get("applicant_type"),
            "org_type": form.get("org_type") or None, "applicant": applicant,
            "information_sought": form.get("information_sought", ""), "delivery": None,
            "received_on": form.get("received_on") or None}
    answer = await request.app.state.console.backend.post(account, "disclosure",
                                                          f"/v1/townships/{township}/requests", body)
    if answer.ok:
        return RedirectResponse(f"/t/{township}/requests/{answer.body['id']}?done=已登记申请", status_code=303)
    errors = from_problem(answer.body, RECEIVE_FIELDS, answer.status)
    return render(request, "disclosure/new.html", status_code=422, title="登记申请（有错误）", form=form, errors=errors)


@router.get("/{request_id}")
async def request_page(request: Request, township: Desk, account: SignedIn, request_id: str) -> Response:
    require_role(account, *DISCLOSURE)
    return await _page(request, township, account, request_id, FormErrors.none(), None)


async def _page(request: Request, township: str, account, request_id: str, errors: FormErrors,
                failed: str | None, status_code: int = 200) -> Response:
    answer = await request.app.state.console.backend.get(
        account, "disclosure", f"/v1/townships/{township}/requests/{request_id}")
    if not answer.ok:
        raise NotYours()
    case = answer.body
    due = case.get("extended_due_on") or case.get("due_on")
    actions = [(v, *ACTIONS[v]) for v in BY_STATUS.get(case["status"], ())] if account.has_role(*ACT) else []
    return render(request, "disclosure/request.html", status_code=status_code, title="依申请公开", case=case,
                  workdays_left=countdown(request, due), due=due, actions=actions, errors=errors, failed=failed,
                  outcomes=[(o.value, label) for o, label in OUTCOME_LABELS.items()], opinions=OPINIONS)


def _body(verb: str, form: dict[str, str], today: date) -> dict[str, Any]:
    if verb == "consult":
        return {"consultee": {"name": form.get("consultee_name", "")}}
    if verb == "receive-correction":
        return {"received_on": form.get("received_on") or today.isoformat()}
    fields = {name for name, _, _ in ACTIONS[verb][1]}
    return {k: v for k, v in form.items() if k in fields and v != ""}


@router.post("/{request_id}/{verb}")
async def act(request: Request, township: Desk, account: SignedIn, request_id: str, verb: str) -> Response:
    require_role(account, *ACT)
    if verb not in ACTIONS:
        raise NotYours()
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    console = request.app.state.console
    answer = await console.backend.post(account, "disclosure",
                                        f"/v1/townships/{township}/requests/{request_id}/{verb}",
                                        _body(verb, form, console.clock.today()), if_match=form.get("version"))
    if answer.ok:
        return RedirectResponse(f"/t/{township}/requests/{request_id}?done={ACTIONS[verb][0]}：已完成",
                                status_code=303)
    fields = {name: name for name, _, _ in ACTIONS[verb][1]} | {"consultee.name": "consultee_name"}
    errors = from_problem(answer.body, fields, answer.status)
    return await _page(request, township, account, request_id, errors, verb, status_code=answer.status)
