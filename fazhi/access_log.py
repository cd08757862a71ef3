"""Who saw full personal data: the decision, the access log, and the county auditor's API.

Only the desk roles of the case's own township see a case's personal data in full; everyone
else (county-wide readers, leaders, other townships) sees it masked by the contract's markers.
Each response that carries full values adds one access-log row per case shown — who, which
fields, which case, when, through which route — written (one INSERT for the whole response)
before the response leaves: a response whose row could not be written is not sent.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator, Iterable, Mapping
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import insert, select

from fazhi.auth import Principal, Role, require_county
from fazhi.errors import InvalidInput, NotPermitted
from fazhi.openapi import Body
from fazhi.pii import Shape, mask, mask_event, personal_fields, shape_of_event
from fazhi.store.tables import access_log

EXPORT_PAGE = 1000


def sees_full(principal: Principal, township: str, desk_roles: Iterable[str]) -> bool:
    """The case's own township's desk (or its township admin): not a county-wide or foreign reader."""
    return township in principal.townships and any(principal.has_role(role) for role in desk_roles)


class Viewer:
    """The reader of one response: shows each case masked, or in full and noted for the access log."""

    def __init__(self, runtime: Any, principal: Principal, township: str, desk_roles: Iterable[str],
                 action: str) -> None:
        self.runtime, self.principal, self.township, self.action = runtime, principal, township, action
        self.full = sees_full(principal, township, desk_roles)
        self._seen: dict[tuple[str, str], set[str]] = {}  # (collection, case) → the fields shown in full

    def show(self, shape: Shape, collection: str, case_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """`body` in full for the desk (noting the personal fields it holds), else masked by `shape`."""
        if not self.full:
            return mask(shape, body)
        fields = personal_fields(shape, body)
        if fields:
            self._seen.setdefault((collection, case_id), set()).update(fields)
        return dict(body)

    def show_event(self, collection: str, case_id: str, event_type: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """An event's data from the case's history, as `show` (by the event type's markers)."""
        shape = shape_of_event(event_type)
        if shape is None:
            return data if self.full else mask_event(event_type, dict(data))  # type: ignore[return-value]
        return self.show(shape, collection, case_id, data)

    async def record(self) -> None:
        """Write the access-log rows of what this response showed in full (nothing if it showed none)."""
        if not self._seen:
            return
        at = self.runtime.clock.now()
        who = {"at": at, "subject": self.principal.subject, "roles": ",".join(sorted(self.principal.roles)),
               "township": self.township, "action": self.action[:255]}
        rows = [{**who, "collection": collection, "case_id": case_id, "fields": json.dumps(sorted(fields))}
                for (collection, case_id), fields in self._seen.items()]
        self._seen = {}
        await self.runtime.store.write(lambda conn: conn.execute(insert(access_log), rows))


def viewer_for(request: Request, principal: Principal, township: str, desk_roles: Iterable[str]) -> Viewer:
    return Viewer(request.app.state.runtime, principal, township, desk_roles,
                  f"{request.method} {request.url.path}")


# -- the county auditor's API -------------------------------------------------------------

async def _auditor(principal: Annotated[Principal, Depends(require_county(Role.COUNTY_AUDITOR))]) -> Principal:
    if Role.COUNTY_AUDITOR not in principal.roles:  # not even an admin: who watches is kept apart
        raise NotPermitted("the access log is read by the county auditor (county_auditor) only")
    return principal


Auditor = Annotated[Principal, Depends(_auditor)]


class _Filters:
    def __init__(self, township: str | None = None, case: str | None = None, subject: str | None = None,
                 since: datetime | None = Query(None, description="from this time (ISO 8601, with offset)"),
                 until: datetime | None = Query(None, description="before this time (ISO 8601, with offset)")
                 ) -> None:
        for name, value in (("since", since), ("until", until)):
            if value is not None and value.tzinfo is None:
                raise InvalidInput(f"{name} needs a UTC offset, e.g. 2026-03-01T00:00:00+08:00", field=name)
        self.township, self.case, self.subject, self.since, self.until = township, case, subject, since, until

    def query(self, before_id: int | None, limit: int) -> Any:
        c = access_log.c
        stmt = select(access_log)
        for column, value in ((c.township, self.township), (c.case_id, self.case), (c.subject, self.subject)):
            if value is not None:
                stmt = stmt.where(column == value)
        if self.since is not None:
            stmt = stmt.where(c.at >= self.since)
        if self.until is not None:
            stmt = stmt.where(c.at < self.until)
        if before_id is not None:
            stmt = stmt.where(c.id < before_id)
        return stmt.order_by(c.id.desc()).limit(limit)


Filters = Annotated[_Filters, Depends()]


def _entry(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "at": row["at"].isoformat(), "subject": row["subject"], "roles": row["roles"].split(","),
            "township": row["township"], "collection": row["collection"], "case_id": row["case_id"],
            "fields": json.loads(row["fields"]), "action": row["action"]}


async def _rows(request: Request, filters: _Filters, before_id: int | None, limit: int) -> list[dict[str, Any]]:
    async with request.app.state.runtime.store.reader.connect() as conn:
        return [_entry(row) for row in (await conn.execute(filters.query(before_id, limit))).mappings()]


class AccessLogEntry(Body):
    """One response that showed a case's personal data in full: who, when, which fields."""

    id: int
    at: datetime
    subject: str
    roles: list[str]
    township: str
    collection: str
    case_id: str
    fields: list[str]
    action: str


class AccessLogPage(Body):
    items: list[AccessLogEntry]
    next_cursor: int | None = None


CSV = {200: {"description": "the access log as CSV (UTF-8 with a byte-order mark)",
             "content": {"text/csv": {"schema": {"type": "string"}}}}}


def audit_router() -> APIRouter:
    """`GET /v1/audit/access-log` (JSON, newest first, paged) and `/v1/audit/access-log.csv` (all of it)."""
    router = APIRouter(prefix="/v1/audit", tags=["audit"])

    @router.get("/access-log", summary="个人信息查看记录", response_model=AccessLogPage,
                description="Who saw full personal data: filter by township, case, subject, time")
    async def access_log_page(request: Request, _: Auditor, filters: Filters,
                              cursor: Annotated[int | None, Query(ge=1, description="next_cursor of the last page")] = None,
                              limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
        rows = await _rows(request, filters, cursor, limit + 1)
        more = len(rows) > limit
        return {"items": rows[:limit], "next_cursor": rows[limit - 1]["id"] if more else None}

    @router.get("/access-log.csv", summary="导出个人信息查看记录（CSV）", response_class=StreamingResponse,
                responses=CSV, description="Export the access log (the same filters) as CSV")
    async def access_log_csv(request: Request, _: Auditor, filters: Filters) -> StreamingResponse:
        async def lines() -> AsyncIterator[str]:
            yield "\ufeff" + _csv_line(["id", "at", "subject", "roles", "township", "collection", "case_id",
                                        "fields", "action"])  # the BOM: spreadsheet programs then read UTF-8
            before: int | None = None
            while rows := await _rows(request, filters, before, EXPORT_PAGE):
                for r in rows:
                    yield _csv_line([r["id"], r["at"], r["subject"], " ".join(r["roles"]), r["township"],
                                     r["collection"], r["case_id"], " ".join(r["fields"]), r["action"]])
                before = rows[-1]["id"]

        return StreamingResponse(lines(), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="access-log.csv"'})

    return router


def _csv_line(values: list[Any]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(values)
    return out.getvalue()
