"""`GET /v1/public/<cases>/status?number=…&code=…`: a citizen asks how their case stands, without a token.

The answer is the status and the due dates only, never a person. A wrong query code and an
unknown number get the same answer (same status, same body), the code compared in constant
time; lookups are rate-limited per client address and per case number, so a code cannot be
guessed by asking fast or from many places.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from fazhi.errors import NotFound, TooManyRequests
from fazhi.numbering import codes_match
from fazhi.openapi import Body
from fazhi.store import Document, DocumentQuery

NOT_FOUND = "no case with this number and query code"  # the one answer to an unknown number or a wrong code
Number = Annotated[str, Query(min_length=1, max_length=64, description="the case number (案号)")]
Code = Annotated[str, Query(min_length=1, max_length=32, description="the query code (查询码) given at registration")]


class PublicStatus(Body):
    """What a citizen holding the number and query code may learn: how the case stands, never a person."""

    case_number: str | None
    status: str
    status_label: str | None = None
    received_on: date | None = None
    registered_on: date | None = None
    due_on: date | None = None
    extended_due_on: date | None = None
    overdue: bool | None = None
    provisional: bool | None = None
    closed_on: date | None = None
    deadlines: dict[str, Any] | None = None


class Limiter:
    """At most `per_minute` lookups per client address and per case number (a moving window, in memory:
    each replica counts its own)."""

    def __init__(self, per_minute: int) -> None:
        self.item = RateLimitItemPerMinute(per_minute)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def check(self, *keys: str) -> None:
        for key in keys:
            if not await self.limiter.hit(self.item, "public-status", key):
                raise TooManyRequests("too many status lookups; try again in a minute", field="number")


def public_status_router(cases: str, collection: str, answer: Callable[[Request, Document], dict[str, Any]],
                         tag: str = "public") -> APIRouter:
    """`/v1/public/<cases>/status` for one collection (its own path, so a gateway can tell the services
    apart); `answer` picks the status and due dates of a case."""
    router = APIRouter(prefix=f"/v1/public/{cases}", tags=[tag])

    @router.get("/status", summary="凭案号和查询码查询办理进度", response_model=PublicStatus,
                description="A case's status and due dates, by case number and query code; no token")
    async def public_status(request: Request, number: Number, code: Code) -> dict[str, Any]:
        runtime = request.app.state.runtime
        limiter = getattr(request.app.state, "public_status_limiter", None)
        if limiter is None:  # one per app: its counts live as long as the process serving it
            limiter = request.app.state.public_status_limiter = Limiter(runtime.settings.public_lookups_per_minute)
        client = request.client.host if request.client else "-"
        await limiter.check(f"client:{client}", f"number:{number.strip()}")
        page = await runtime.store.list_documents(DocumentQuery(collection, None, number=number.strip(), limit=5))
        found = None
        for doc in page.items or [None]:  # no candidate: still one comparison, so both paths cost the same
            if codes_match(code, doc.data.get("query_code") if doc else None) and doc is not None:
                found = doc
        if found is None:
            raise NotFound(NOT_FOUND, field="code")
        return answer(request, found)

    return router
