"""The public register (主动公开目录): what a township published, open to anyone without signing in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.console.session import NotYours, optional_account
from services.console.templating import render

router = APIRouter(prefix="/public")


def _known(request: Request, township: str) -> None:
    if township not in {t.code for t in request.app.state.console.county.townships}:
        raise NotYours()


@router.get("")
async def townships(request: Request) -> Response:
    await optional_account(request)
    return render(request, "public/townships.html", title="政府信息主动公开目录")


@router.get("/{township}")
async def register(request: Request, township: str, category: str = "", cursor: str = "") -> Response:
    _known(request, township)
    await optional_account(request)
    answer = await request.app.state.console.backend.public_get(
        "disclosure", f"/v1/public/townships/{township}/publications", category=category, cursor=cursor)
    body = answer.body if answer.ok else {"items": [], "next_cursor": None}
    return render(request, "public/register.html", title="主动公开目录", public_township=township,
                  items=body["items"], next_cursor=body.get("next_cursor"), category=category)


@router.get("/{township}/{item_id}")
async def item(request: Request, township: str, item_id: str) -> Response:
    _known(request, township)
    await optional_account(request)
    answer = await request.app.state.console.backend.public_get(
        "disclosure", f"/v1/public/townships/{township}/publications/{item_id}")
    if not answer.ok:
        raise NotYours()
    return render(request, "public/item.html", title=answer.body["title"], public_township=township,
                  item=answer.body)
