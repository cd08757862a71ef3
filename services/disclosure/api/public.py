"""`/v1/public/townships/{township}/publications`: what was published, readable without a token.

Served from the public documents only, which hold title, category, the published body
(ID and phone numbers masked), attachment, channels and publication time.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from fazhi.errors import NotFound
from fazhi.http import Township, page_body
from fazhi.openapi import Page
from fazhi.store import DocumentQuery
from services.disclosure.api.dependencies import Cursor, Limit, Rt
from services.disclosure.api.responses import PublicItem
from services.disclosure.contract import Category
from services.disclosure.views.publication import PUBLIC_COLLECTION, render_public

router = APIRouter(prefix="/v1/public/townships/{township}/publications", tags=["public"])


@router.get("", summary="已公开的政府信息列表", description="Published items, newest first",
            response_model=Page[PublicItem])
async def list_published(township: Township, runtime: Rt, category: Category | None = None,
                         cursor: Cursor = None, limit: Limit = 50) -> dict[str, Any]:
    page = await runtime.store.list_documents(DocumentQuery(
        PUBLIC_COLLECTION, township, category=category, is_open=True, after=cursor, limit=limit))
    return page_body(page, render_public)


@router.get("/{id}", summary="查看一条已公开的政府信息", description="One published item",
            response_model=PublicItem)
async def get_published(township: Township, id: str, runtime: Rt) -> dict[str, Any]:
    doc = await runtime.store.get_document(PUBLIC_COLLECTION, id)
    if doc is None or doc.township != township or not doc.is_open:
        raise NotFound(f"no published item {id} in township {township}", field="id")
    return render_public(doc)
