"""信访: cases with their statutory clocks (the service computes them; the page shows them)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.console.menu import PETITION
from services.console.session import Desk, SignedIn, require_role
from services.console.templating import render

router = APIRouter(prefix="/t/{township}")


@router.get("/petitions")
async def petition_list(request: Request, township: Desk, account: SignedIn, status: str = "",
                        cursor: str = "") -> Response:
    require_role(account, *PETITION)
    backend = request.app.state.console.backend
    answer = await backend.get(account, "petition", f"/v1/townships/{township}/petitions", status=status,
                               cursor=cursor, limit=50)
    body = answer.body if answer.ok else {"items": [], "next_cursor": None}
    today = request.app.state.console.clock.today().isoformat()
    return render(request, "petition/list.html", title="信访件", rows=body["items"],
                  next_cursor=body.get("next_cursor"), status=status, today=today)
