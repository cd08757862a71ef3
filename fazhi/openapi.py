"""The OpenAPI document every service publishes, made for integrators who never read our code.

`operationId`s are the route functions' names in camelCase (or set on the route); every error
response is documented as the `application/problem+json` it is; request examples come from
the service's examples table; `info.description` says how to get a token.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Generic, TypeVar

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

from fazhi.problems import FieldError, Problem

T = TypeVar("T")
PROBLEM_JSON = "application/problem+json"
_REF = "#/components/schemas/Problem"
_METHODS = ("get", "post", "put", "patch", "delete")

TOKENS = """\
Every `/v1` route except the reference data (`/v1/dictionary`, `/v1/townships…`) and the public
disclosure pages wants a bearer token: `Authorization: Bearer <token>`.

**Getting a token.** On a local or test installation (`fazhi up`), print one signed with the
installation's key: `fazhi token --township houtai --role mediator` (one township and role),
`fazhi token --county --role county_supervisor` (the whole county); `fazhi token --help` lists the
options. In production the county identity provider issues the tokens (ES256 JWTs with
`townships` or `county`, and `roles`), and each service checks them against its JWKS
(`FAZHI_JWKS`). In `/docs`, press *Authorize* and paste the token.

**Language.** Codes and field names are English; every code has a Chinese label beside it
(`category` → `category_label`, a list `risk_flags` → `risk_flags_labels`) and in
`GET /v1/dictionary`. Error titles and messages are Chinese unless the request sends
`Accept-Language: en`. Times carry the county's offset (`+08:00`); dates are local dates.

**Errors** are RFC 9457 problem details (`application/problem+json`): `title`, `detail`, and
`field` naming the input to blame."""

_STATUS_WORDS = {
    400: "请求体不是合法的 JSON", 401: "缺少或无效的令牌", 403: "令牌不覆盖该乡镇或没有所需角色",
    404: "乡镇或对象不存在", 409: "当前状态不允许，或与并发修改冲突", 412: "If-Match 的版本已过期",
    413: "文件超过大小上限", 415: "文件类型不受支持（按内容判断）", 422: "输入无效（field 指出哪一项）",
}


def camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


_NOT_RESOURCES = {"v1", "townships", "county", "admin"}
_OPERATIONS = {"healthz", "readyz", "metrics"}


def _singular(segment: str) -> str:
    words = segment.split("-")
    last = words[-1]
    words[-1] = last[:-3] + "y" if last.endswith("ies") else last.removesuffix("s")
    return "".join(w[:1].upper() + w[1:] for w in words)


def _resource(path: str, name: str) -> str | None:
    """The collection a route acts on: `/v1/townships/{t}/disputes/{id}/accept` → `Dispute`."""
    static = [s for s in path.strip("/").split("/") if s and not s.startswith("{")]
    nouns = [s for s in static if s not in _NOT_RESOURCES and s.replace("-", "_") != name]
    return _singular(nouns[-1]) if nouns else None


def operation_id(route: APIRoute) -> str:
    """The route function's name in camelCase (`register_dispute` → `registerDispute`); a bare verb gets
    its resource (`accept` on disputes → `acceptDispute`); a county-wide twin of a township route gets
    `County` after its verb (`createCountySilence`)."""
    name = camel_case(route.name)
    resource = _resource(route.path, route.name)
    if name.islower() and name not in _OPERATIONS and resource and resource.lower() not in name:
        name += resource
    if route.path.startswith("/v1/county/") and "county" not in name.lower():
        verb, rest = re.match(r"([a-z]+)(.*)", name).groups()  # type: ignore[union-attr]
        name = f"{verb}County{rest}"
    return name


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: these error statuses, each a problem+json."""
    return {status: {"model": Problem, "description": _STATUS_WORDS.get(status, "错误")} for status in statuses}


def _possible_errors(path: str, method: str, operation: dict[str, Any]) -> set[int]:
    """The error statuses an operation can answer, from what it takes."""
    params = operation.get("parameters", [])
    headers = {p["name"].lower() for p in params if p.get("in") == "header"}
    errors = {int(s) for s in operation.get("responses", {}) if str(s).isdigit() and int(s) >= 400}
    if params or "requestBody" in operation:
        errors.add(422)
    if "requestBody" in operation:
        errors.add(400)
    if operation.get("security"):
        errors |= {401, 403}
    if "{" in path:
        errors.add(404)
    if method == "post" and path.count("{") >= 2:  # a command on one case: its state may forbid it
        errors.add(409)
    if "if-match" in headers:
        errors |= {409, 412}
    return errors


def _problem_responses(path: str, method: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    for status in sorted(_possible_errors(path, method, operation)):
        described = responses.get(str(status), {})
        responses[str(status)] = {
            "description": described.get("description") if described.get("description") not in
            (None, "Validation Error") else _STATUS_WORDS.get(status, "错误"),
            "content": {PROBLEM_JSON: {"schema": {"$ref": _REF}}},
        }


def _add_examples(operation: dict[str, Any], examples: Mapping[str, Any]) -> None:
    example = examples.get(operation.get("operationId", ""))
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if example is not None and content is not None:
        content["example"] = example


def describe(app: FastAPI, *, summary: str, examples: Mapping[str, Any]) -> dict[str, Any]:
    """The finished OpenAPI document of `app` (cached on it)."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(title=app.title, version=app.version, summary=summary, description=TOKENS,
                       routes=app.routes, servers=app.servers or None)
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            if method in item:
                _problem_responses(path, method, item[method])
                _add_examples(item[method], examples)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas["Problem"].pop("$defs", None)
    schemas["FieldError"] = FieldError.model_json_schema()
    app.openapi_schema = spec
    return spec


def install_openapi(app: FastAPI, *, summary: str = "", examples: Mapping[str, Any] | None = None) -> None:
    app.openapi = lambda: describe(app, summary=summary, examples=examples or {})  # type: ignore[method-assign]


def is_camel_case(name: str) -> bool:
    return re.fullmatch(r"[a-z][a-zA-Z0-9]*", name) is not None


class Body(BaseModel):
    """A response body: the fields below are always there; a newer server may add more."""

    model_config = ConfigDict(extra="allow")


class Page(Body, Generic[T]):
    """One page of a list, newest first; pass `next_cursor` as `cursor` for the next (null: the last page)."""

    items: list[T]
    next_cursor: str | None = None
    total: int | None = Field(None, description="how many match the filters, over every page")


class EventRecord(Body):
    """One stored event of a case's history."""

    event_id: str
    version: int
    type: str = Field(examples=["mediation.dispute.registered"])
    occurred_at: datetime
    actor: str | None = None
    data: dict[str, Any] = Field(description="the event's fields (people masked for a reader outside the township)")
    imported: dict[str, Any] | None = Field(None, description="for a case brought in from a historical ledger: the "
                                            "file, its sha256, the row, the import and who ran it")
