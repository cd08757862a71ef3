"""The HTTP edge every service shares: correlation ids, metrics, health, ETags, idempotency."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from datetime import datetime
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, Depends, FastAPI, Header, Request, Response
from fastapi.responses import PlainTextResponse
from pydantic import Field
from fastapi import Path as FastApiPath
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from sqlalchemy import text
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fazhi.auth import Principal, require, require_county
from fazhi.clock import CHINA
from fazhi.errors import FazhiError, InvalidInput, MalformedRequest, PayloadTooLarge, Unauthenticated
from fazhi.language import HEADER as LANGUAGE_HEADER
from fazhi.language import preferred, speaking
from fazhi.localtime import local_zone
from fazhi.openapi import Body
from fazhi.problems import problem_response
from fazhi.store import Page

REQUESTS = Counter("fazhi_http_requests_total", "HTTP requests", ["service", "method", "route", "status"])
LATENCY = Histogram("fazhi_http_request_seconds", "HTTP request duration", ["service", "method", "route"])
CORRELATION_HEADER = "X-Correlation-ID"


DEFAULT_MAX_BODY_BYTES = 1024 * 1024
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a file upload (multipart/form-data): a scanned ledger or letter
_BODILESS = frozenset({"GET", "HEAD", "OPTIONS"})


def install_middleware(app: FastAPI, service: str, *, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
                       max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES) -> None:
    """One correlation id per request (taken from the caller or made here), bound to every log line;
    a request body only from a caller with a valid token, and at most `max_body_bytes` of it
    (`max_upload_bytes` of file for an upload, a multipart/form-data body: an attachment, a ledger)."""
    app.add_middleware(_GuardBody, limit=max_body_bytes, upload_limit=max_upload_bytes)
    app.add_middleware(_Correlate, service=service)  # added last: outermost, so it sees the guard's answers


class _GuardBody:
    """Before a byte of a request body is read, the bearer token is verified (401); then the body is
    read up to `limit` bytes and refused beyond (413), by its Content-Length or as it streams in.
    Nothing is parsed before both checks; what passes is handed on to the app as read."""

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int | None = None) -> None:
        self.app, self.limit, self.upload_limit = app, limit, upload_limit or limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _BODILESS or not _has_body(headers := Headers(scope=scope)):
            await self.app(scope, receive, send)
            return
        try:
            await _verify_bearer(scope, headers)
            upload = headers.get("content-type", "").lower().startswith("multipart/form-data")
            limit = self.upload_limit + UPLOAD_FORM_OVERHEAD if upload else self.limit
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise self._too_large(upload)
            body = await self._read(receive, limit, upload)
        except FazhiError as err:
            await problem_response(err, scope["path"], preferred(headers.get(LANGUAGE_HEADER)))(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, receive: Receive, limit: int, upload: bool) -> bytes:
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise self._too_large(upload)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    def _too_large(self, upload: bool = False) -> PayloadTooLarge:
        if upload:
            return PayloadTooLarge(too_large_upload(self.upload_limit), field="file")
        return PayloadTooLarge(f"the request body may be at most {self.limit} bytes")


UPLOAD_FORM_OVERHEAD = 64 * 1024  # what a multipart form's boundaries and fields add to the file's bytes


def too_large_upload(limit: int) -> str:
    """The 413 reason for a file over the attachment limit, naming it."""
    shown = f"{limit / 1024 / 1024:g} MiB" if limit >= 1024 * 1024 else f"{limit} bytes"
    return f"the file is larger than the limit of {shown} ({limit} bytes)"


def _has_body(headers: Headers) -> bool:
    return headers.get("content-length", "0") != "0" or "transfer-encoding" in headers


async def _verify_bearer(scope: Scope, headers: Headers) -> None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("a bearer token is required")
    await scope["app"].state.verifier.verify_async(token.strip())


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()  # after the body: the disconnect, when it comes
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class _Correlate:
    """Plain ASGI, not `@app.middleware("http")`: that kind runs the app in a task of its own and
    relays every response chunk through a stream to it — per request a task group and a
    handover, and per chunk of an alert stream one more hop before it leaves."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app, self.service = app, service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        correlation_id = Headers(scope=scope).get(CORRELATION_HEADER) or str(uuid.uuid4())
        started = time.perf_counter()
        responded = False

        async def respond(message: Message) -> None:
            nonlocal responded
            if message["type"] == "http.response.start":
                responded = True
                MutableHeaders(scope=message).append(CORRELATION_HEADER, correlation_id)
                self._count(scope, message["status"], started)  # a stream (alerts) is counted when it starts
            await send(message)

        runtime = getattr(scope["app"].state, "runtime", None) if "app" in scope else None
        zone = runtime.county.zone if runtime is not None else CHINA
        language = preferred(Headers(scope=scope).get(LANGUAGE_HEADER))
        with structlog.contextvars.bound_contextvars(correlation_id=correlation_id), local_zone(zone), \
                speaking(language):
            try:
                await self.app(scope, receive, respond)
            except Exception:
                if not responded:  # the server answers 500
                    self._count(scope, 500, started)
                raise

    def _count(self, scope: Scope, status: int, started: float) -> None:
        route = getattr(scope.get("route"), "path", "unmatched")
        LATENCY.labels(self.service, scope["method"], route).observe(time.perf_counter() - started)
        REQUESTS.labels(self.service, scope["method"], route, str(status)).inc()


async def known_township(township: str, request: Request) -> str:
    """The `{township}` path parameter, checked against the county configuration (404 if unknown)."""
    request.app.state.runtime.county.township(township)
    return township


Township = Annotated[str, Depends(known_township)]


def command_metadata(principal: Principal) -> dict[str, Any]:
    """Who did it and under which request: stored with every event a command causes."""
    context = structlog.contextvars.get_contextvars()
    return {
        "actor": principal.subject,
        "roles": sorted(principal.roles),
        "correlation_id": context.get("correlation_id") or str(uuid.uuid4()),
        "causation_id": context.get("causation_id"),
    }


def fingerprint(body: Any) -> str:
    """A stable hash of a request body, to tell an honest retry from a reused key."""
    payload = body.model_dump(mode="json") if hasattr(body, "model_dump") else body
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def parse_if_match(if_match: str | None) -> int | None:
    """`If-Match: "3"` (or W/"3") → 3: the stream version the client last saw."""
    if if_match is None:
        return None
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise InvalidInput('If-Match must be an ETag this service sent, such as "3"', field="If-Match")
    return int(value)


def etag(version: int) -> str:
    return f'"{version}"'


async def _idempotency_key(key: Annotated[str | None, Header(
        alias="Idempotency-Key", max_length=128,
        description="retries with the same key return the first case")] = None) -> str | None:
    if key is not None and not key.strip():
        raise MalformedRequest("Idempotency-Key is empty: send a key (such as a UUID) or leave the header out",
                               field="Idempotency-Key")
    return key


IdempotencyKey = Annotated[str | None, Depends(_idempotency_key)]


async def _if_match(if_match: Annotated[str | None, Header(alias="If-Match")] = None) -> int | None:
    return parse_if_match(if_match)


IfMatch = Annotated[int | None, Depends(_if_match)]


def page_body(page: Page, render: Any) -> dict[str, Any]:
    body = {"items": [render(d) for d in page.items], "next_cursor": page.next_cursor}
    if page.total is not None:
        body["total"] = page.total
    return body


# Module level, so the postponed annotation `_: AdminPrincipal` resolves when FastAPI reads it.
AdminPrincipal = Annotated[Principal, Depends(require("admin"))]  # a township admin or a county admin
CountyAdmin = Annotated[Principal, Depends(require_county("admin"))]
DeadLetterId = Annotated[int, FastApiPath(ge=1, le=2**63 - 1, description="a dead letter's id (see the list)")]


class Health(Body):
    status: str = Field(examples=["ok"])
    service: str = Field(examples=["mediation"])


class Readiness(Body):
    status: str = Field(examples=["ok"], description="ok, or unavailable (503)")
    checks: dict[str, bool] = Field(examples=[{"database": True, "nats": True}])


class DeadLetter(Body):
    id: int
    consumer: str
    subject: str
    event_id: str
    township: str | None = None
    type: str | None
    error: str
    deliveries: int
    parked_at: datetime


class DeadLetters(Body):
    items: list[DeadLetter]


class Replayed(Body):
    replayed: int = Field(description="the dead letter handed back to its consumer")


class Rebuilt(Body):
    rebuilt: dict[str, Any] = Field(description="what was rebuilt, and how many documents")


def operations_router(service: str) -> APIRouter:
    """`/healthz`, `/readyz`, `/metrics` and the admin routes for dead letters."""
    router = APIRouter()

    @router.get("/healthz", tags=["operations"], summary="存活检查", response_model=Health)
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": service}

    @router.get("/readyz", tags=["operations"], summary="就绪检查（数据库、NATS）", response_model=Readiness,
                responses={503: {"model": Readiness, "description": "数据库或 NATS 不可用"}})
    async def readyz(request: Request, response: Response) -> dict[str, Any]:
        runtime = request.app.state.runtime
        checks = {"database": await _database_ok(runtime), "nats": runtime.bus_connected}
        if not all(checks.values()):
            response.status_code = 503
        return {"status": "ok" if all(checks.values()) else "unavailable", "checks": checks}

    @router.get("/metrics", tags=["operations"], summary="Prometheus 指标", response_class=PlainTextResponse)
    async def metrics(request: Request) -> Response:
        await request.app.state.runtime.refresh_gauges()
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    @router.get("/v1/admin/dead-letters", tags=["operations"], summary="死信列表（管理员）",
                response_model=DeadLetters)
    async def list_dead_letters(request: Request, admin: AdminPrincipal) -> dict[str, Any]:
        """Events a consumer gave up on: a township admin sees its own townships' only."""
        rows = await request.app.state.runtime.subscriptions.dead_letters()
        return {"items": [_dead_letter(r) for r in rows if _in_scope(admin, r)]}

    @router.post("/v1/admin/dead-letters/{dead_letter_id}/replay", tags=["operations"], summary="重新投递一条死信（管理员）",
                 response_model=Replayed)
    async def replay_dead_letter(dead_letter_id: DeadLetterId, request: Request,
                                 admin: AdminPrincipal) -> dict[str, Any]:
        """Run a parked event through its consumer again; another township's is not found."""
        subscriptions = request.app.state.runtime.subscriptions
        await subscriptions.replay(dead_letter_id, admitted=lambda row: _in_scope(admin, row))
        return {"replayed": dead_letter_id}

    @router.post("/v1/admin/projections/rebuild", tags=["operations"], summary="重建读模型（县级管理员）",
                 response_model=Rebuilt)
    async def rebuild_projections(request: Request, _: CountyAdmin) -> dict[str, Any]:
        """Rebuild every projection from the streams: county-wide work, for a county admin."""
        return {"rebuilt": await request.app.state.runtime.rebuild()}

    return router


async def _database_ok(runtime: Any) -> bool:
    try:
        async with runtime.store.reader.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


def dead_letter_township(row: dict[str, Any]) -> str | None:
    """The township a parked event belongs to: its envelope's, else its subject's
    (`fazhi.<service>.<township>. ...`); None for a message that names neither."""
    envelope = row["envelope"]
    township = envelope.get("township") if isinstance(envelope, dict) else None
    if isinstance(township, str) and township:
        return township
    parts = str(row.get("subject", "")).split(".")
    return parts[2] if len(parts) > 3 and parts[0] == "fazhi" else None


def _in_scope(admin: Principal, row: dict[str, Any]) -> bool:
    # a message that names no township (unreadable, odd subject) is for a county admin only
    township = dead_letter_township(row)
    return admin.county or (township is not None and township in admin.townships)


def _dead_letter(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "consumer": row["consumer"], "subject": row["subject"], "event_id": row["event_id"],
        "township": dead_letter_township(row),
        "type": row["envelope"].get("type"), "error": row["error"], "deliveries": row["deliveries"],
        "parked_at": row["parked_at"].isoformat(),
    }
