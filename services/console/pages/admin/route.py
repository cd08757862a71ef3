"""管理: accounts and roles (created by a county admin), the county's townships and villages, dead letters."""

from __future__ import annotations

import asyncio
import re
import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.exc import IntegrityError

from fazhi.auth import Role
from services.console.backend import SERVICES
from services.console.field_errors import FormErrors
from services.console.session import SignedIn, require_role
from services.console.templating import render

router = APIRouter(prefix="/admin")
LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


def _admin(account) -> None:
    require_role(account, Role.ADMIN)


@router.get("/users")
async def users(request: Request, account: SignedIn) -> Response:
    _admin(account)
    return render(request, "admin/users.html", title="用户和角色", users=await request.app.state.console.accounts.all())


def _roles() -> list[tuple[str, str]]:
    return [(r.value, r.value) for r in Role]


async def _form(request: Request) -> dict[str, Any]:
    data = await request.form()
    return {"login": str(data.get("login", "")).strip(), "name": str(data.get("name", "")).strip(),
            "townships": data.getlist("townships"), "county": data.get("county") == "1",
            "roles": data.getlist("roles"), "disabled": data.get("disabled") == "1"}


def _check(request: Request, form: dict[str, Any], new: bool) -> FormErrors:
    errors = FormErrors.none()
    if new and not LOGIN.match(form["login"]):
        errors.add("login", "用户名为2至32位小写字母、数字、点、横线或下划线，以字母或数字开头")
    if not form["name"]:
        errors.add("name", "请填写姓名")
    known = {t.code for t in request.app.state.console.county.townships}
    if not form["county"] and not form["townships"]:
        errors.add("townships", "请选择所属乡镇，或勾选“县级（全县）”")
    if any(t not in known for t in form["townships"]):
        errors.add("townships", "所选乡镇不属于本县")
    if not form["roles"]:
        errors.add("roles", "至少选择一个角色")
    if any(r not in {x.value for x in Role} for r in form["roles"]):
        errors.add("roles", "角色不存在")
    return errors


@router.get("/users/new")
async def new_user(request: Request, account: SignedIn) -> Response:
    _admin(account)
    return render(request, "admin/user.html", title="新建用户", form={"townships": [], "roles": []},
                  errors=FormErrors.none(), new=True)


@router.post("/users/new")
async def create_user(request: Request, account: SignedIn) -> Response:
    _admin(account)
    form = await _form(request)
    errors = _check(request, form, new=True)
    password = secrets.token_urlsafe(12)
    if not errors:
        try:
            await request.app.state.console.accounts.create(
                form["login"], form["name"], password, townships=form["townships"], county=form["county"],
                roles=form["roles"])
        except IntegrityError:
            errors.add("login", "该用户名已存在")
    if errors:
        return render(request, "admin/user.html", status_code=422, title="新建用户", form=form, errors=errors, new=True)
    return render(request, "admin/password.html", title="一次性密码", login=form["login"], password=password)


@router.get("/users/{login}")
async def edit_user(request: Request, account: SignedIn, login: str) -> Response:
    _admin(account)
    user = await request.app.state.console.accounts.get(login)
    if user is None:
        return render(request, "error.html", status_code=404, title="用户不存在", message=f"没有用户 {login}。")
    form = {"login": user.login, "name": user.name, "townships": list(user.townships), "county": user.county,
            "roles": list(user.roles), "disabled": user.disabled, "locked_until": user.locked_until}
    return render(request, "admin/user.html", title=f"用户 {login}", form=form, errors=FormErrors.none(), new=False)


@router.post("/users/{login}")
async def update_user(request: Request, account: SignedIn, login: str) -> Response:
    _admin(account)
    form = await _form(request)
    form["login"] = login
    errors = _check(request, form, new=False)
    if errors:
        return render(request, "admin/user.html", status_code=422, title=f"用户 {login}", form=form, errors=errors,
                      new=False)
    await request.app.state.console.accounts.update(login, name=form["name"], townships=form["townships"],
                                                    county=form["county"], roles=form["roles"],
                                                    disabled=form["disabled"])
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/users/{login}/reset-password")
async def reset_password(request: Request, account: SignedIn, login: str) -> Response:
    """A new one-time password (which also unlocks the account); the user chooses their own at next sign-in."""
    _admin(account)
    password = secrets.token_urlsafe(12)
    await request.app.state.console.accounts.set_password(login, password, one_time=True)
    return render(request, "admin/password.html", title="一次性密码", login=login, password=password)


@router.get("/county")
async def county(request: Request, account: SignedIn) -> Response:
    _admin(account)
    return render(request, "admin/county.html", title="乡镇和村")


@router.get("/dead-letters")
async def dead_letters(request: Request, account: SignedIn) -> Response:
    _admin(account)
    backend = request.app.state.console.backend
    answers = await asyncio.gather(*(backend.get(account, s, "/v1/admin/dead-letters") for s in SERVICES))
    letters = {s: (a.body.get("items", []) if a.ok else None) for s, a in zip(SERVICES, answers, strict=True)}
    return render(request, "admin/dead_letters.html", title="死信", letters=letters)


@router.post("/dead-letters/{service}/{letter_id}/replay")
async def replay(request: Request, account: SignedIn, service: str, letter_id: int) -> Response:
    _admin(account)
    if service not in SERVICES:
        return render(request, "error.html", status_code=404, title="页面不存在", message="没有这个服务。")
    answer = await request.app.state.console.backend.post(account, service,
                                                          f"/v1/admin/dead-letters/{letter_id}/replay")
    done = "已重新处理" if answer.ok else "重新处理失败"
    return RedirectResponse(f"/admin/dead-letters?done={done}", status_code=303)
