"""Who is signed in (an HttpOnly SameSite cookie), which township a page is for, and CSRF on every POST.

CSRF: every browser holds a random seed in an HttpOnly cookie; forms carry HMAC(console secret,
seed) in a hidden field (htmx sends it as a header). A POST whose token does not match is refused
before any route runs, signed in or not (the sign-in form included).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Request

from services.console.accounts import Account

SESSION_COOKIE = "fazhi_session"
CSRF_COOKIE = "fazhi_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


class SignInNeeded(Exception):
    """No valid session: pages redirect to the sign-in page, fragments answer 401."""


class PasswordChangeNeeded(Exception):
    """Signed in with a one-time password: only the password page opens until a new one is chosen."""


class NotYours(Exception):
    """A township (or a function) the account does not cover: the same page as an unknown address."""


class CsrfRefused(Exception):
    """A POST without the right CSRF token."""


def csrf_seed(request: Request) -> str:
    """This browser's seed; a new one (set on the response by the middleware) if it has none."""
    seed = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf_seed", None)
    if not seed:
        seed = secrets.token_urlsafe(24)
        request.state.new_csrf_seed = seed
    return seed


def csrf_token(request: Request) -> str:
    secret: bytes = request.app.state.console.secret
    return hmac.new(secret, csrf_seed(request).encode(), hashlib.sha256).hexdigest()


async def check_csrf(request: Request) -> None:
    """Applied to the whole app: a state-changing request must carry this browser's token."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get(CSRF_FIELD)
    if not request.cookies.get(CSRF_COOKIE) or not isinstance(sent, str) \
            or not hmac.compare_digest(sent, csrf_token(request)):
        raise CsrfRefused()


async def current_account(request: Request) -> Account:
    account = await optional_account(request)
    if account is None:
        raise SignInNeeded()
    if account.must_change_password and request.url.path not in ("/password", "/logout"):
        raise PasswordChangeNeeded()
    return account


async def optional_account(request: Request) -> Account | None:
    if hasattr(request.state, "account"):
        return request.state.account
    session_id = request.cookies.get(SESSION_COOKIE)
    console = request.app.state.console
    account = await console.accounts.session_account(session_id, console.clock.now()) if session_id else None
    request.state.account = account
    return account


SignedIn = Annotated[Account, Depends(current_account)]


async def township_desk(request: Request, township: str, account: SignedIn) -> str:
    """The path's township, if it exists and the account covers it; otherwise the not-found page."""
    county = request.app.state.console.county
    if township not in {t.code for t in county.townships} or not account.can_open(township):
        raise NotYours()
    request.state.township = township
    return township


Desk = Annotated[str, Depends(township_desk)]


def require_role(account: Account, *roles: str) -> None:
    if not account.has_role(*roles):
        raise NotYours()
