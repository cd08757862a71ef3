"""`GET /v1/public/requests/status`: an applicant asks, with the case number and query code, how the application stands."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from fazhi.public_status import public_status_router
from fazhi.store import Document
from services.disclosure.views.request import COLLECTION, render_request

SHOWN = ("case_number", "status", "status_label", "received_on", "due_on", "extended_due_on", "provisional", "overdue")
# no applicant, no information sought: what anyone holding the code may learn


def answer(request: Request, doc: Document) -> dict[str, Any]:
    runtime = request.app.state.runtime
    body = render_request(doc.data, runtime.calendar, runtime.clock.today(), own_township=False)
    return {key: body.get(key) for key in SHOWN}


router = public_status_router("requests", COLLECTION, answer)
