"""`/v1/townships/{township}/requests`: applications for government information and their replies."""

# No `from __future__ import annotations`: the command routes below are made in a loop,
# and FastAPI must see each one's body type as a real class, not a string.

from typing import Any

from fastapi import APIRouter, Response

from fazhi.errors import NotFound
from fazhi.http import IdempotencyKey, IfMatch, Township, etag, page_body
from fazhi.store import DocumentQuery
from services.disclosure.api.dependencies import Approver, Cursor, Desk, Limit, Overdue, Reader, Rt, Viewing
from services.disclosure.commands import request as cmd
from services.disclosure.contract import ApplicantType
from services.disclosure.domain.request import DisclosureRequest
from services.disclosure.domain.request_state import RequestStatus
from services.disclosure.handlers import request as handle
from services.disclosure.views.request import COLLECTION, SHAPE, render_request, request_documents

router = APIRouter(prefix="/v1/townships/{township}/requests", tags=["requests"])


def _answer(runtime: Rt, case: DisclosureRequest, response: Response, viewer: Viewing) -> dict[str, Any]:
    response.headers["ETag"] = etag(case.version)
    data = request_documents(case, runtime.calendar)[0].data
    return viewer.show(SHAPE, COLLECTION, case.id, render_request(data, runtime.calendar, runtime.clock.today()))


@router.post("", status_code=201, summary="Receive an application")
async def receive(township: Township, body: cmd.ReceiveRequest, who: Desk, runtime: Rt, response: Response,
                  viewer: Viewing, key: IdempotencyKey = None) -> dict[str, Any]:
    case, _ = await handle.receive(runtime, township, body, who, key)
    response.headers["Location"] = f"/v1/townships/{township}/requests/{case.id}"
    return _answer(runtime, case, response, viewer)


@router.get("", summary="List applications; overdue=true lists those past their reply deadline")
async def list_requests(township: Township, _: Reader, viewer: Viewing, runtime: Rt, overdue: Overdue,
                        status: RequestStatus | None = None, applicant_type: ApplicantType | None = None,
                        cursor: Cursor = None, limit: Limit = 50) -> dict[str, Any]:
    today, calendar = runtime.clock.today(), runtime.calendar
    page = await runtime.store.list_documents(DocumentQuery(
        COLLECTION, township, status=status, category=applicant_type, overdue_on=today if overdue else None,
        after=cursor, limit=limit))
    return page_body(page, lambda doc: viewer.show(SHAPE, COLLECTION, doc.id, render_request(doc.data, calendar, today)))


@router.get("/{id}", summary="One application with its reply clock")
async def get_request(township: Township, id: str, _: Reader, viewer: Viewing, runtime: Rt,
                      response: Response) -> dict[str, Any]:
    doc = await runtime.store.get_document(COLLECTION, id)
    if doc is None or doc.township != township:
        raise NotFound(f"request {id} not found in township {township}", field="id")
    response.headers["ETag"] = etag(doc.version)
    return viewer.show(SHAPE, COLLECTION, id, render_request(doc.data, runtime.calendar, runtime.clock.today()))


def _command_route(verb: str, model: type, who_type: Any, summary: str) -> None:
    async def endpoint(township: Township, id: str, body: model, who: who_type, runtime: Rt,  # type: ignore[valid-type]
                       response: Response, viewer: Viewing, if_match: IfMatch) -> dict[str, Any]:
        decide = handle.decision(runtime, body, who)
        return _answer(runtime, await handle.run(runtime, township, id, who, if_match, decide), response, viewer)

    endpoint.__name__ = verb.replace("-", "_")
    router.add_api_route(f"/{{id}}/{verb}", endpoint, methods=["POST"], summary=summary)


def _appeal_route(verb: str, kind: str, model: type, summary: str) -> None:
    async def endpoint(township: Township, id: str, body: model, who: Desk, runtime: Rt,  # type: ignore[valid-type]
                       response: Response, viewer: Viewing, if_match: IfMatch) -> dict[str, Any]:
        decide = handle.appeal_decision(runtime, kind, body)
        return _answer(runtime, await handle.run(runtime, township, id, who, if_match, decide), response, viewer)

    endpoint.__name__ = verb.replace("-", "_")
    router.add_api_route(f"/{{id}}/{verb}", endpoint, methods=["POST"], summary=summary)


_command_route("ask-correction", cmd.AskCorrection, Desk, "Ask for a correction (补正), within 7 working days")
_command_route("receive-correction", cmd.ReceiveCorrection, Desk, "The correction arrived: the clock restarts")
_command_route("abandon", cmd.Abandon, Desk, "Close an application whose correction never came")
_command_route("consult", cmd.Consult, Desk, "Consult a third party or organ: the clock pauses")
_command_route("consultation-answered", cmd.RecordConsultationAnswer, Desk, "The consultation ended")
_command_route("extend", cmd.Extend, Approver, "Extend once by 20 working days (leader or officer)")
_command_route("charge-fee", cmd.ChargeFee, Desk, "Record the processing fee of an excessive request")
_command_route("answer", cmd.Answer, Desk, "Answer with an outcome of table 三")
_appeal_route("record-review", "review", cmd.RecordAppeal, "Record an administrative review (行政复议)")
_appeal_route("record-review-result", "review", cmd.RecordAppealResult, "Record the review's result")
_appeal_route("record-lawsuit", "lawsuit", cmd.RecordAppeal, "Record a lawsuit (行政诉讼)")
_appeal_route("record-lawsuit-result", "lawsuit", cmd.RecordAppealResult, "Record the lawsuit's result")
