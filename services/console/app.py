"""The console (工作台): the one place it is wired.

A backend-for-frontend: it keeps the user's session and calls the four services with a
short-lived token in the user's name, so their rules and audit stay where they are.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment

from fazhi import logs
from fazhi.auth import load_or_create_signing_key
from fazhi.clock import Clock
from fazhi.county import County, load_county
from fazhi.keyfiles import load_or_create_secret
from fazhi.settings import Settings
from services.console.accounts import Account, AccountStore
from services.console.backend import SERVICES, Backend, ServiceUnavailable
from services.console.labels import Dictionary
from services.console.menu import menu_for
from services.console.pages import admin, alerts, disclosure, disputes, home, login, petition, public, reports
from services.console.session import (
    CSRF_COOKIE, CsrfRefused, NotYours, PasswordChangeNeeded, SignInNeeded, check_csrf, csrf_seed,
)
from services.console.templating import HERE, environment, render

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
       "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


@dataclass
class Console:
    """What the running console holds; pages reach it through `request.app.state.console`."""

    settings: Settings
    county: County
    clock: Clock
    accounts: AccountStore
    backend: Backend
    dictionary: Dictionary
    templates: Environment
    secret: bytes
    extra: dict[str, Any] = field(default_factory=dict)

    def township_name(self, code: str) -> str:
        return next((t.name for t in self.county.townships if t.code == code), code)

    def village_name(self, township: str, code: str | None) -> str:
        for t in self.county.townships:
            if t.code == township:
                return next((v.name for v in t.villages if v.code == code), code or "")
        return code or ""

    def menu(self, account: Account | None, township: str | None) -> list[dict[str, Any]]:
        return menu_for(account, township) if account else []


def build(settings: Settings, clock: Clock | None = None) -> FastAPI:
    """The console app: sign-in, the desks' pages, the live alert relay, static files."""
    settings = settings if settings.service else settings.model_copy(update={"service": "console"})

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        logs.configure(settings.log_level, "console")
        key = load_or_create_signing_key(settings.signing_key_path)
        secret = load_or_create_secret(settings.data_dir / "keys" / "console-secret").encode()
        accounts = await AccountStore.open(settings.database)
        backend = Backend({s: settings.url_of(s) for s in SERVICES}, key, issuer=settings.jwt_issuer,
                          audience=settings.jwt_audience)
        app.state.console = Console(settings, load_county(settings.county_config), clock or Clock(), accounts,
                                    backend, Dictionary(), environment(), secret)
        try:
            yield
        finally:
            await backend.close()
            await accounts.close()

    app = FastAPI(title="Fazhi 工作台", lifespan=lifespan, dependencies=[Depends(check_csrf)],
                  docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (login, home, disputes, alerts, disclosure, petition, reports, admin, public):
        app.include_router(module.router)

    @app.get("/healthz", include_in_schema=False)
    @app.get("/readyz", include_in_schema=False)
    async def ready() -> PlainTextResponse:
        return PlainTextResponse("ok")

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        csrf_seed(request)  # every page may hold a form: the browser gets its seed now
        response = await call_next(request)
        seed = getattr(request.state, "new_csrf_seed", None)
        if seed and not request.cookies.get(CSRF_COOKIE):
            response.set_cookie(CSRF_COOKIE, seed, httponly=True, samesite="lax", path="/",
                                secure=request.url.scheme == "https")
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    _install_error_pages(app)
    return app


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(SignInNeeded)
    async def _sign_in(request: Request, _: SignInNeeded) -> Response:
        target = "/login?next=" + quote(request.url.path)
        if request.headers.get("HX-Request"):
            return Response(status_code=401, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(PasswordChangeNeeded)
    async def _password(request: Request, _: PasswordChangeNeeded) -> Response:
        return RedirectResponse("/password", status_code=303)

    @app.exception_handler(NotYours)
    async def _not_found(request: Request, _: NotYours) -> HTMLResponse:
        request.state.township = None
        return render(request, "error.html", status_code=404, title="页面不存在",
                      message="您要找的页面不存在，或不在您的权限范围内。")

    @app.exception_handler(CsrfRefused)
    async def _csrf(request: Request, _: CsrfRefused) -> HTMLResponse:
        return render(request, "error.html", status_code=403, title="请求已被拒绝",
                      message="表单已过期或来源不明（缺少安全校验码）。请返回上一页，刷新后重新提交。")

    @app.exception_handler(ServiceUnavailable)
    async def _unavailable(request: Request, err: ServiceUnavailable) -> HTMLResponse:
        name = request.app.state.console.dictionary.label("service", err.service)
        return render(request, "error.html", status_code=503, title="服务暂不可用",
                      message=f"“{name}”服务暂时没有响应，请稍后再试。已填写的内容未提交。")

    @app.exception_handler(404)
    async def _unknown(request: Request, _: Exception) -> HTMLResponse:
        return render(request, "error.html", status_code=404, title="页面不存在", message="您要找的页面不存在。")
