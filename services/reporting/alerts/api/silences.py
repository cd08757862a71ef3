"""Silences, a township's (`/v1/townships/{t}/silences`) and the county's (`/v1/county/silences`).

Both routers come from one factory; annotations are evaluated at definition (no postponed
annotations here), so the factory's arguments can serve as FastAPI types.
"""

from typing import Annotated, Any, Callable

from fastapi import APIRouter, Depends, Query, Response

from fazhi.errors import NotFound
from fazhi.http import IdempotencyKey, IfMatch, command_metadata, fingerprint, known_township, page_body
from fazhi.openapi import Page
from fazhi.store import DocumentQuery
from services.reporting.alerts import commands as cmd
from services.reporting.alerts.api.deps import (
    CountyDecider,
    CountySubscriber,
    Decider,
    RuntimeDep,
    Subscriber,
    county_scope,
    written,
)
from services.reporting.alerts.domain import Silence
from services.reporting.alerts.handlers import silences as handle
from services.reporting.alerts.views import silence_from_document, silence_json
from services.reporting.api.responses import SilenceBody


def silences_router(prefix: str, scope_of: Callable[..., str], reader: Any, decider: Any, body_type: type) -> APIRouter:
    """The five routes of silences under `prefix`, for the scope `scope_of` names."""
    router = APIRouter(prefix=prefix, tags=["silences"])
    Scope = Annotated[str, Depends(scope_of)]

    async def document(runtime: Any, scope: str, silence_id: str) -> Silence:
        doc = await runtime.store.get_document(Silence.stream_type, silence_id)
        if doc is None or doc.township != scope:
            raise NotFound(f"silence {silence_id} not found in {scope}", field="id")
        return silence_from_document(doc)

    @router.post("", status_code=201, summary="设置预警屏蔽", response_model=SilenceBody)
    async def create_silence(scope: Scope, body: body_type, principal: decider, runtime: RuntimeDep,
                             response: Response, key: IdempotencyKey = None) -> dict[str, Any]:
        """Hold back matching notifications until `ends_at` (a critical alert only when its rule is named)."""
        silence, created = await handle.create_silence(runtime, scope, body, command_metadata(principal), key,
                                                       fingerprint(body))
        response.headers["Location"] = f"{prefix.replace('{township}', scope)}/{silence.id}"
        if not created:
            response.headers["Idempotent-Replayed"] = "true"
        return written(silence_json(silence, runtime.clock.now()), response)

    @router.get("", summary="预警屏蔽列表", response_model=Page[SilenceBody])
    async def list_silences(scope: Scope, _: reader, runtime: RuntimeDep, active: bool | None = None,
                            cursor: str | None = None, limit: Annotated[int, Query(ge=1, le=200)] = 50,
                            ) -> dict[str, Any]:
        """Newest first; `active=true` keeps those holding notifications back now."""
        now = runtime.clock.now()
        page = await runtime.store.list_documents(DocumentQuery(
            Silence.stream_type, township=scope, is_open=True if active else None, after=cursor, limit=limit))
        body = page_body(page, lambda doc: silence_json(silence_from_document(doc), now))
        if active is not None:
            body["items"] = [s for s in body["items"] if s["active"] is active]
        return body

    @router.get("/{silence_id}", summary="查看一条预警屏蔽", response_model=SilenceBody)
    async def get_silence(scope: Scope, silence_id: str, _: reader, runtime: RuntimeDep,
                          response: Response) -> dict[str, Any]:
        silence = await document(runtime, scope, silence_id)
        return written(silence_json(silence, runtime.clock.now()), response)

    @router.post("/{silence_id}/extend", summary="调整屏蔽结束时间", response_model=SilenceBody)
    async def extend_silence(scope: Scope, silence_id: str, body: cmd.ExtendSilence, principal: decider,
                             runtime: RuntimeDep, response: Response, if_match: IfMatch) -> dict[str, Any]:
        """Move the end time."""
        await document(runtime, scope, silence_id)
        silence = await handle.extend_silence(runtime, scope, silence_id, body, command_metadata(principal), if_match)
        return written(silence_json(silence, runtime.clock.now()), response)

    @router.delete("/{silence_id}", summary="立即结束屏蔽", response_model=SilenceBody)
    async def end_silence(scope: Scope, silence_id: str, principal: decider, runtime: RuntimeDep,
                          response: Response, if_match: IfMatch) -> dict[str, Any]:
        """End the silence now; it stays in the history. Held notifications of open alerts then go out."""
        await document(runtime, scope, silence_id)
        silence = await handle.end_silence(runtime, scope, silence_id, command_metadata(principal), if_match)
        return written(silence_json(silence, runtime.clock.now()), response)

    return router


township_router = silences_router("/v1/townships/{township}/silences", known_township, Subscriber, Decider,
                                  cmd.CreateSilence)
county_router = silences_router("/v1/county/silences", county_scope, CountySubscriber, CountyDecider,
                                cmd.CreateCountySilence)
