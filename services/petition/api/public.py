"""`GET /v1/public/petitions/status`: a petitioner asks, with the case number and query code, how the petition stands."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from fazhi.public_status import public_status_router
from fazhi.store import Document
from services.petition.domain import PetitionCase
from services.petition.views import render

SHOWN = ("case_number", "status", "status_label", "received_on", "registered_on", "due_on", "overdue", "deadlines", "provisional",
         "closed_on")  # no person, no content: what anyone holding the code may learn


def answer(request: Request, doc: Document) -> dict[str, Any]:
    runtime = request.app.state.runtime
    body = render(doc, today=runtime.clock.today(), calendar=runtime.county.calendar())
    return {key: body.get(key) for key in SHOWN}


router = public_status_router("petitions", PetitionCase.stream_type, answer)
