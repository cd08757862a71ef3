"""RFC 9457 problem+json responses: every error Fazhi returns over HTTP is mapped here, and only here.

Titles and the messages made here are Chinese unless the request prefers English
(`Accept-Language: en`); a domain error's `detail` is the sentence it was raised with.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from http import HTTPStatus
from typing import Any, TypeVar

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from fazhi.errors import ConcurrencyConflict, FazhiError, TooManyRequests, Unauthenticated
from fazhi.language import HEADER, Language, preferred

PROBLEM_BASE = "https://fazhi.example/problems/"
_INPUT_SOURCES = {"body", "query", "path", "header", "cookie"}
_log = structlog.get_logger()
_T = TypeVar("_T")


class ProblemResponse(JSONResponse):
    """A JSON response sent as `application/problem+json`."""

    media_type = "application/problem+json"


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


class FieldError(BaseModel):
    """One input that was refused."""

    field: str = Field(description="dotted path of the input, e.g. `parties.0.id_number`")
    reason: str


class Problem(BaseModel):
    """An RFC 9457 problem (`application/problem+json`): what every error response of Fazhi looks like."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "type": PROBLEM_BASE + "invalid-input", "title": "输入无效", "status": 422,
        "detail": "village 无效：缺少必填字段", "instance": "/v1/townships/houtai/disputes", "field": "village",
        "errors": [{"field": "village", "reason": "缺少必填字段"}],
    }]})

    type: str = Field(description="a URI naming the kind of problem")
    title: str = Field(description="the kind of problem in words, Chinese unless `Accept-Language: en`")
    status: int
    detail: str = Field(description="what went wrong this time")
    instance: str = Field(description="the request path")
    field: str | None = Field(None, description="the input to blame, when one is")
    errors: list[FieldError] | None = Field(None, description="every refused input (422)")
    expected_version: int | None = None
    actual_version: int | None = None


def language_of(request: Request) -> Language:
    return preferred(request.headers.get(HEADER))


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
    TooManyRequests: {"Retry-After": "60"},
}


def _lookup(table: dict[type[FazhiError], _T], err: FazhiError, default: _T) -> _T:
    return next((table[cls] for cls in type(err).__mro__ if cls in table), default)


def problem_response(err: FazhiError, path: str, language: Language = "zh") -> ProblemResponse:
    """The problem+json response for `err` on a request to `path`, titled in `language` (also for ASGI
    middleware)."""
    extra = _lookup(_EXTRA_MEMBERS, err, lambda _: {})(err)
    title = err.title if language == "zh" else err.title_en
    body = {"type": PROBLEM_BASE + _kebab(type(err).__name__), "title": title, "status": err.status,
            "detail": err.reason, "instance": path}
    body |= ({"field": err.field} if err.field is not None else {}) | extra
    return ProblemResponse(body, status_code=err.status, headers=_lookup(_EXTRA_HEADERS, err, None))


async def _fazhi_error(request: Request, err: FazhiError) -> ProblemResponse:
    return problem_response(err, request.url.path, language_of(request))


def _field(loc: Sequence[str | int]) -> str:
    parts = loc[1:] if loc and loc[0] in _INPUT_SOURCES else loc
    return ".".join(str(p) for p in parts) or ".".join(str(p) for p in loc)  # a whole-body error is "body"


def _reason(error: dict[str, Any]) -> str:
    if error["type"] == "json_invalid":
        return f"{error['msg']}: {error.get('ctx', {}).get('error', 'not JSON')}"
    return error["msg"].removeprefix("Value error, ")  # pydantic's prefix for ValueError from validators


# Chinese for pydantic's commonest refusals; the rest keep pydantic's own words.
_ZH_REASONS: dict[str, Callable[[dict[str, Any]], str]] = {
    "missing": lambda ctx: "缺少必填字段",
    "extra_forbidden": lambda ctx: "不允许的字段",
    "string_too_short": lambda ctx: f"至少 {ctx.get('min_length')} 个字符",
    "string_too_long": lambda ctx: f"至多 {ctx.get('max_length')} 个字符",
    "too_short": lambda ctx: f"至少 {ctx.get('min_length')} 项",
    "too_long": lambda ctx: f"至多 {ctx.get('max_length')} 项",
    "greater_than_equal": lambda ctx: f"应大于或等于 {ctx.get('ge')}",
    "greater_than": lambda ctx: f"应大于 {ctx.get('gt')}",
    "less_than_equal": lambda ctx: f"应小于或等于 {ctx.get('le')}",
    "less_than": lambda ctx: f"应小于 {ctx.get('lt')}",
    "enum": lambda ctx: f"应为以下之一：{ctx.get('expected')}",
    "literal_error": lambda ctx: f"应为以下之一：{ctx.get('expected')}",
    "int_parsing": lambda ctx: "应为整数",
    "int_type": lambda ctx: "应为整数",
    "bool_parsing": lambda ctx: "应为 true 或 false",
    "string_type": lambda ctx: "应为字符串",
    "date_from_datetime_parsing": lambda ctx: "应为日期（YYYY-MM-DD）",
    "date_parsing": lambda ctx: "应为日期（YYYY-MM-DD）",
    "date_type": lambda ctx: "应为日期（YYYY-MM-DD）",
    "decimal_parsing": lambda ctx: "应为数字",
    "list_type": lambda ctx: "应为数组",
    "model_type": lambda ctx: "应为对象",
    "dict_type": lambda ctx: "应为对象",
    "string_pattern_mismatch": lambda ctx: f"格式不符（{ctx.get('pattern')}）",
}


def _localized(error: dict[str, Any], language: Language) -> str:
    """The reason in the reader's language: Chinese with pydantic's words after it, so nothing is lost."""
    original = _reason(error)
    zh = _ZH_REASONS.get(error["type"])
    if language == "en" or zh is None:
        return original
    return f"{zh(error.get('ctx') or {})}（{original}）"


async def _validation_error(request: Request, exc: RequestValidationError) -> ProblemResponse:
    raw = list(exc.errors())
    language = language_of(request)
    errors = [{"field": "body" if e["type"] == "json_invalid" else _field(e["loc"]), "reason": _localized(e, language)}
              for e in raw]
    first = errors[0]
    zh = language == "zh"
    if raw[0]["type"] == "json_invalid":
        status, kind = 400, "malformed-json"
        title = "请求体不是合法的 JSON" if zh else "Malformed JSON"
        detail = f"请求体不是合法的 JSON（{first['reason']}）。" if zh else \
            f"The request body is not valid JSON ({first['reason']})."
    else:
        status, kind = 422, "invalid-input"
        title = "输入无效" if zh else "Invalid input"
        if zh:
            more = f"（另有 {len(errors) - 1} 处见 errors）" if len(errors) > 1 else ""
            detail = f"{first['field']} 无效：{first['reason']}{more}。"
        else:
            more = f" ({len(errors) - 1} more in errors)" if len(errors) > 1 else ""
            detail = f"{first['field']} is invalid: {first['reason']}{more}."
    body = _problem(request, kind=kind, title=title, status=status, detail=detail, field=first["field"], errors=errors)
    return ProblemResponse(body, status_code=status)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:  # a non-standard code such as 499
        return "Error"


_ZH_PHRASES = {
    400: "请求有误", 401: "需要身份认证", 403: "无权操作", 404: "未找到", 405: "不支持此请求方法",
    406: "无法提供所要求的格式", 409: "冲突", 413: "请求体过大", 415: "不支持的内容类型", 422: "输入无效",
    429: "请求过于频繁", 500: "服务器内部错误", 503: "服务暂不可用",
}


async def _http_error(request: Request, exc: HTTPException) -> ProblemResponse:
    phrase = _phrase(exc.status_code)
    kind = phrase.lower().replace(" ", "-")
    detail = str(exc.detail)
    if language_of(request) == "zh" and exc.status_code in _ZH_PHRASES:
        title = _ZH_PHRASES[exc.status_code]
        detail = title if detail == phrase else detail  # Starlette's default detail is the English phrase
    else:
        title = phrase
    body = _problem(request, kind=kind, title=title, status=exc.status_code, detail=detail)
    return ProblemResponse(body, status_code=exc.status_code, headers=exc.headers)


async def _unexpected_error(request: Request, exc: Exception) -> ProblemResponse:
    _log.error("unhandled_exception", path=request.url.path, method=request.method, exc_info=exc)
    if language_of(request) == "zh":
        title, detail = "服务器内部错误", "服务器出错，错误已记录。请稍后再试。"
    else:
        title = "Internal server error"
        detail = "Something went wrong on our side; the error has been logged. Please try again later."
    body = _problem(request, kind="internal-error", title=title, status=500, detail=detail)
    return ProblemResponse(body, status_code=500)


def install_problem_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every exception into an RFC 9457 problem response."""
    app.add_exception_handler(FazhiError, _fazhi_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
