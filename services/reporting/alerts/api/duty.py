"""The duty roster (值班表), a township's (`/v1/townships/{t}/duty-shifts`) and the county's (`/v1/county/duty-shifts`).

Admins schedule and cancel shifts; alert readers see who is on duty. One factory makes both
routers; annotations are evaluated at definition (no postponed annotations here).
"""

from typing import Annotated, Any, Callable

from fastapi import APIRouter, Depends, Query, Response
from pydantic import AwareDatetime

from fazhi.errors import NotFound
from fazhi.openapi import Page
from fazhi.http import IdempotencyKey, command_metadata, fingerprint, known_township, page_body
from fazhi.store import DocumentQuery
from services.reporting.alerts import commands as cmd
from services.reporting.api.responses import DutyShiftBody
from services.reporting.alerts.api.deps import CountySubscriber, RuntimeDep, Subscriber, county_scope, written
from services.reporting.alerts.api.webhooks import Admin, CountyAdmin
from services.reporting.alerts.domain.duty import DutyShift
from services.reporting.alerts.handlers import duty as handle
from services.reporting.alerts.views import duty_json


def duty_router(prefix: str, scope_of: Callable[..., str], reader: Any, admin: Any) -> APIRouter:
    router = APIRouter(prefix=prefix, tags=["duty roster"])
    Scope = Annotated[str, Depends(scope_of)]

    async def document(runtime: Any, scope: str, shift_id: str) -> Any:
        doc = await runtime.store.get_document(DutyShift.stream_type, shift_id)
        if doc is None or doc.township != scope:
            raise NotFound(f"{scope} 没有值班班次 {shift_id}", field="id")
        return doc

    @router.post("", status_code=201, summary="排班（值班表）", response_model=DutyShiftBody)
    async def schedule_shift(scope: Scope, body: cmd.ScheduleDutyShift, principal: admin, runtime: RuntimeDep,
                             response: Response, key: IdempotencyKey = None) -> dict[str, Any]:
        """Put someone on duty; the duty receivers named get the scope's notifications during the shift."""
        shift, created = await handle.schedule_shift(runtime, scope, body, command_metadata(principal), key,
                                                     fingerprint(body))
        response.headers["Location"] = f"{prefix.replace('{township}', scope)}/{shift.id}"
        if not created:
            response.headers["Idempotent-Replayed"] = "true"
        return written(duty_json(shift), response)

    @router.get("", summary="值班表", response_model=Page[DutyShiftBody])
    async def list_shifts(scope: Scope, _: reader, runtime: RuntimeDep,
                          at: Annotated[AwareDatetime | None, Query(description="only who is on duty then")] = None,
                          cursor: str | None = None, limit: Annotated[int, Query(ge=1, le=200)] = 50,
                          ) -> dict[str, Any]:
        """Latest start first; with `at`, the shifts running at that moment."""
        if at is not None:
            return {"items": [doc.data for doc in await handle.on_duty_at(runtime, scope, at)], "next_cursor": None}
        page = await runtime.store.list_documents(DocumentQuery(DutyShift.stream_type, township=scope, after=cursor,
                                                                limit=limit))
        return page_body(page, lambda doc: doc.data)

    @router.get("/{shift_id}", summary="查看一个班次", response_model=DutyShiftBody)
    async def get_shift(scope: Scope, shift_id: str, _: reader, runtime: RuntimeDep,
                        response: Response) -> dict[str, Any]:
        return written((await document(runtime, scope, shift_id)).data, response)

    @router.delete("/{shift_id}", summary="取消班次", response_model=DutyShiftBody)
    async def cancel_shift(scope: Scope, shift_id: str, principal: admin, runtime: RuntimeDep,
                           response: Response) -> dict[str, Any]:
        await document(runtime, scope, shift_id)
        return written(duty_json(await handle.cancel_shift(runtime, scope, shift_id, command_metadata(principal))),
                       response)

    return router


township_router = duty_router("/v1/townships/{township}/duty-shifts", known_township, Subscriber, Admin)
county_router = duty_router("/v1/county/duty-shifts", county_scope, CountySubscriber, CountyAdmin)
