"""Sign in, sign out, choose a new password, and `/` sending each user to their township's 首页."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from services.console.accounts import SignInRefused
from services.console.field_errors import FormErrors
from services.console.session import CSRF_COOKIE, SESSION_COOKIE, SignedIn, optional_account
from services.console.templating import render

router = APIRouter()
MIN_PASSWORD = 10


def _safe_next(target: str | None) -> str:
    # only a path on this site: not //host, nor /\host (which browsers read as //host)
    return target if target and target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


def _home_of(request: Request, account) -> str:
    county = request.app.state.console.county
    first = account.townships[0] if account.townships else (county.townships[0].code if account.county else None)
    return f"/t/{first}/" if first else "/admin/users"


@router.get("/")
async def start(request: Request, account: SignedIn) -> Response:
    return RedirectResponse(_home_of(request, account), status_code=303)


@router.get("/choose")
async def choose(request: Request, account: SignedIn, township: str = "") -> Response:
    return RedirectResponse(f"/t/{township}/" if township else "/", status_code=303)


@router.get("/login")
async def login_page(request: Request, next: str | None = None) -> Response:
    if await optional_account(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login/login.html", title="登录", next=_safe_next(next), errors=FormErrors.none(),
                  login="")


@router.post("/login")
async def sign_in(request: Request, login: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
                  next: Annotated[str, Form()] = "/") -> Response:
    console = request.app.state.console
    errors = FormErrors.none()
    if not login.strip():
        errors.add("login", "请输入用户名")
    if not password:
        errors.add("password", "请输入密码")
    if not errors:
        try:
            account = await console.accounts.check_password(login.strip(), password, console.clock.now())
        except SignInRefused as refused:
            errors.add(None, str(refused))
    if errors:
        return render(request, "login/login.html", status_code=400, title="登录", next=_safe_next(next),
                      errors=errors, login=login)
    session_id = await console.accounts.start_session(account.login, console.clock.now())
    target = "/password" if account.must_change_password else _safe_next(next)
    if target == "/":
        target = _home_of(request, account)
    response = RedirectResponse(target, status_code=303)
    secure = request.url.scheme == "https"
    response.set_cookie(SESSION_COOKIE, session_id, httponly=True, samesite="lax", secure=secure, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")  # a new CSRF seed for the signed-in session
    return response


@router.post("/logout")
async def sign_out(request: Request) -> Response:
    session_id = request.cookies.get(SESSION_COOKIE)
    if session_id:
        await request.app.state.console.accounts.end_session(session_id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.get("/password")
async def password_page(request: Request, account: SignedIn) -> Response:
    return render(request, "login/password.html", title="设置新密码", errors=FormErrors.none())


@router.post("/password")
async def change_password(request: Request, account: SignedIn, current: Annotated[str, Form()] = "",
                          new: Annotated[str, Form()] = "", again: Annotated[str, Form()] = "") -> Response:
    console = request.app.state.console
    errors = FormErrors.none()
    try:
        await console.accounts.check_password(account.login, current, console.clock.now())
    except Exception:
        errors.add("current", "当前密码不正确")
    if len(new) < MIN_PASSWORD:
        errors.add("new", f"新密码至少{MIN_PASSWORD}个字符")
    elif new == current:
        errors.add("new", "新密码不能与当前密码相同")
    if new != again:
        errors.add("again", "两次输入的新密码不一致")
    if errors:
        return render(request, "login/password.html", status_code=400, title="设置新密码", errors=errors)
    await console.accounts.set_password(account.login, new, one_time=False)
    return RedirectResponse(_home_of(request, account), status_code=303)
