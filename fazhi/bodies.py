"""Request bodies are taken as JSON says them: strictly typed, plain text, dates of this world.

FastAPI validates a body as Python objects, where pydantic's lax mode turns `"1"` into 1,
`"true"` or 1 into True and a Unix timestamp into a time. Every route's body is therefore
first validated here (from the auth dependency every route with a body has) as JSON in strict mode (an ISO date string is still a date there, an
enum's value still its member), then searched for control characters and dates outside
1900–2100. A failure is the usual 422 problem naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import orjson
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, TypeAdapter, ValidationError

from fazhi.plaintext import describe, first_control_character

EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)  # beyond: a typo, and a year no calendar here knows
Loc = tuple[str | int, ...]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")
_ADAPTER = "_fazhi_strict_body"  # the attribute of a route that keeps its body's TypeAdapter


async def strict_body(request: Request) -> None:
    """Refuse a body the route's model takes only by coercion, or that carries control characters or an
    out-of-range date. Called by the auth dependency once the caller is admitted (so a 401 or 403
    comes first, and then this 422 before FastAPI's own validation); once per request."""
    if getattr(request.state, "strict_body_checked", False):
        return
    request.state.strict_body_checked = True
    adapter = _adapter(request)
    if adapter is None or _is_form(request):
        return  # a form (a file upload) is not JSON; FastAPI has read and validated it already
    raw = await request.body()
    if not raw:
        return
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return  # FastAPI answers malformed JSON itself (400)
    errors = [_error(loc, "control_character", f"must not contain control characters (found {describe(char)})")
              for loc, char in _control_characters(document, ("body",))]
    if not errors:
        try:
            value = adapter.validate_json(raw, strict=True)
        except ValidationError as err:
            errors = [{**e, "loc": ("body", *e["loc"])} for e in err.errors(include_url=False)]
        else:
            errors = [_error(loc, kind, message) for loc, kind, message in _bad_dates(value, document, ("body",))]
    if errors:
        raise RequestValidationError(errors)


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "").lower()
    return kind.startswith(("multipart/form-data", "application/x-www-form-urlencoded"))


def _adapter(request: Request) -> TypeAdapter[Any] | None:
    route = request.scope.get("route")
    if route is None:
        return None
    if not hasattr(route, _ADAPTER):
        field = getattr(route, "body_field", None)
        setattr(route, _ADAPTER, TypeAdapter(field.field_info.annotation) if field is not None else None)
    return getattr(route, _ADAPTER)


def _error(loc: Loc, kind: str, message: str) -> dict[str, Any]:
    return {"loc": loc, "type": kind, "msg": message, "input": None}


def _control_characters(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        if (char := first_control_character(value)) is not None:
            yield loc, char
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _control_characters(item, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            if (char := first_control_character(key)) is not None:
                yield (*loc, key), char
            yield from _control_characters(item, (*loc, key))


def _bad_dates(value: Any, raw: Any, loc: Loc) -> Iterator[tuple[Loc, str, str]]:
    """Dates written other than in ISO 8601 (pydantic reads "1778371200" as a time), or outside 1900–2100;
    `raw` is the JSON the validated `value` came from."""
    if isinstance(value, date):  # a datetime is a date too
        shape = _ISO_DATETIME if isinstance(value, datetime) else _ISO_DATE
        day = value.date() if isinstance(value, datetime) else value
        if not isinstance(raw, str) or not shape.match(raw):
            yield loc, "date_format", "must be an ISO 8601 date such as 2026-03-05"
        elif not EARLIEST <= day <= LATEST:
            yield loc, "date_out_of_range", f"must be a date from {EARLIEST} to {LATEST}"
    elif isinstance(value, BaseModel) and isinstance(raw, dict):
        for name, field in type(value).model_fields.items():
            key = field.alias or name
            if key in raw:
                yield from _bad_dates(getattr(value, name), raw[key], (*loc, key))
    elif isinstance(value, list | tuple) and isinstance(raw, list):
        for index, (item, raw_item) in enumerate(zip(value, raw, strict=False)):
            yield from _bad_dates(item, raw_item, (*loc, index))
    elif isinstance(value, dict) and isinstance(raw, dict):
        for key, item in value.items():
            yield from _bad_dates(item, raw.get(key), (*loc, key))
