"""RFC 9457 problem+json responses: every error Fazhi returns over HTTP is mapped here, and only here."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from http import HTTPStatus
from typing import Any, TypeVar

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from fazhi.errors import ConcurrencyConflict, FazhiError, Unauthenticated

PROBLEM_BASE = "https://fazhi.example/problems/"
_INPUT_SOURCES = {"body", "query", "path", "header", "cookie"}
_log = structlog.get_logger()
_T = TypeVar("_T")


class ProblemResponse(JSONResponse):
    """A JSON response sent as `application/problem+json`."""

    media_type = "application/problem+json"


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _problem(
    request: Request, *, kind: str, title: str, status: int, detail: str, field: str | None = None, **extra: Any
) -> dict[str, Any]:
    body = {"type": PROBLEM_BASE + kind, "title": title, "status": status, "detail": detail}
    body["instance"] = request.url.path
    return body | ({"field": field} if field is not None else {}) | extra


# Extra members and headers per error type; the first matching class in the MRO wins.
_EXTRA_MEMBERS: dict[type[FazhiError], Callable[[Any], dict[str, Any]]] = {
    ConcurrencyConflict: lambda err: {"expected_version": err.expected_version, "actual_version": err.actual_version},
}
_EXTRA_HEADERS: dict[type[FazhiError], dict[str, str]] = {
    Unauthenticated: {"WWW-Authenticate": "Bearer"},
}


def _lookup(table: dict[type[FazhiError], _T], err: FazhiError, default: _T) -> _T:
    return next((table[cls] for cls in type(err).__mro__ if cls in table), default)


def problem_response(err: FazhiError, path: str) -> ProblemResponse:
    """The problem+json response for `err` on a request to `path` (also for ASGI middleware)."""
    extra = _lookup(_EXTRA_MEMBERS, err, lambda _: {})(err)
    body = {"type": PROBLEM_BASE + _kebab(type(err).__name__), "title": err.title, "status": err.status,
            "detail": err.reason, "instance": path}
    body |= ({"field": err.field} if err.field is not None else {}) | extra
    return ProblemResponse(body, status_code=err.status, headers=_lookup(_EXTRA_HEADERS, err, None))


async def _fazhi_error(request: Request, err: FazhiError) -> ProblemResponse:
    return problem_response(err, request.url.path)


def _field(loc: Sequence[str | int]) -> str:
    parts = loc[1:] if loc and loc[0] in _INPUT_SOURCES else loc
    return ".".join(str(p) for p in parts) or ".".join(str(p) for p in loc)  # a whole-body error is "body"


def _reason(error: dict[str, Any]) -> str:
    if error["type"] == "json_invalid":
        return f"{error['msg']}: {error.get('ctx', {}).get('error', 'not JSON')}"
    return error["msg"].removeprefix("Value error, ")  # pydantic's prefix for ValueError from validators


async def _validation_error(request: Request, exc: RequestValidationError) -> ProblemResponse:
    raw = list(exc.errors())
    errors = [{"field": "body" if e["type"] == "json_invalid" else _field(e["loc"]), "reason": _reason(e)} for e in raw]
    first = errors[0]
    if raw[0]["type"] == "json_invalid":
        status, title, kind = 400, "Malformed JSON", "malformed-json"
        detail = f"The request body is not valid JSON ({first['reason']})."
    else:
        status, title, kind = 422, "Invalid input", "invalid-input"
        more = f" ({len(errors) - 1} more in errors)" if len(errors) > 1 else ""
        detail = f"{first['field']} is invalid: {first['reason']}{more}."
    body = _problem(request, kind=kind, title=title, status=status, detail=detail, field=first["field"], errors=errors)
    return ProblemResponse(body, status_code=status)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:  # a non-standard code such as 499
        return "Error"


async def _http_error(request: Request, exc: HTTPException) -> ProblemResponse:
    title = _phrase(exc.status_code)
    kind = title.lower().replace(" ", "-")
    body = _problem(request, kind=kind, title=title, status=exc.status_code, detail=str(exc.detail))
    return ProblemResponse(body, status_code=exc.status_code, headers=exc.headers)


async def _unexpected_error(request: Request, exc: Exception) -> ProblemResponse:
    _log.error("unhandled_exception", path=request.url.path, method=request.method, exc_info=exc)
    detail = "Something went wrong on our side; the error has been logged. Please try again later."
    body = _problem(request, kind="internal-error", title="Internal server error", status=500, detail=detail)
    return ProblemResponse(body, status_code=500)


def install_problem_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every exception into an RFC 9457 problem response."""
    app.add_exception_handler(FazhiError, _fazhi_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
