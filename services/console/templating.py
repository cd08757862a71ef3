"""Jinja2 pages: a page's template sits beside its route (pages/<page>/), the layout in templates/."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from fazhi.clock import CHINA
from services.console.session import CSRF_FIELD, csrf_token

HERE = Path(__file__).parent
WEEKDAYS = "一二三四五六日"


def local_time(value: str | datetime | None) -> str:
    """An instant as the county's wall-clock time: 2026-12-02 14:05."""
    if not value:
        return "—"
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def local_date(value: str | date | None) -> str:
    """A day with its weekday: 2026-12-02（周三）."""
    if not value:
        return "—"
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return f"{day.isoformat()}（周{WEEKDAYS[day.weekday()]}）"


def short_id(value: str | None) -> str:
    return (value or "")[:8]


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader([HERE / "templates", HERE / "pages"]), auto_reload=False,
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.filters.update(local_time=local_time, local_date=local_date, short_id=short_id)
    return env


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The page, with what every page needs: the account, its townships, labels, the CSRF field."""
    console = request.app.state.console
    account = getattr(request.state, "account", None)
    township = getattr(request.state, "township", None) or context.get("township")
    body = console.templates.get_template(template).render(
        request=request, account=account, township=township, county=console.county,
        township_name=console.township_name(township) if township else "", label=console.dictionary.label,
        options=console.dictionary.options, village_name=console.village_name, csrf_field=CSRF_FIELD, csrf_token=csrf_token(request),
        menu=console.menu(account, township), path=request.url.path, **context)
    return HTMLResponse(body, status_code=status_code)
