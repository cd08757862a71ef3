"""`/v1/townships/{township}/requests`: applications for government information and their replies."""

# No `from __future__ import annotations`: the command routes below are made in a loop,
# and FastAPI must see each one's body type as a real class, not a string.

from typing import Any

from fastapi import APIRouter, Response

from fazhi.errors import NotFound
from fazhi.http import IdempotencyKey, IfMatch, Township, etag, page_body
from fazhi.listing import Listing
from fazhi.openapi import Page
from fazhi.store import DocumentQuery
from services.disclosure.api.dependencies import Approver, Cursor, Desk, Limit, Overdue, Reader, Rt, Viewing
from services.disclosure.api.responses import RequestBody
from services.disclosure.commands import request as cmd
from services.disclosure.contract import ApplicantType
from services.disclosure.domain.request import DisclosureRequest
from services.disclosure.domain.request_state import RequestStatus
from services.disclosure.handlers import request as handle
from services.disclosure.views.request import COLLECTION, SHAPE, render_request, request_documents

router = APIRouter(prefix="/v1/townships/{township}/requests", tags=["requests"])


def _shown(viewer: Viewing, id: str, body: dict[str, Any]) -> dict[str, Any]:
    """In full for the township's desk (logged); masked by the contract's markers, and without the
    applicant's query code, for anyone else."""
    shown = viewer.show(SHAPE, COLLECTION, id, body)
    if not viewer.full:
        shown.pop("query_code", None)
    return shown


def _answer(runtime: Rt, case: DisclosureRequest, response: Response, viewer: Viewing) -> dict[str, Any]:
    response.headers["ETag"] = etag(case.version)
    data = request_documents(case, runtime.calendar)[0].data
    return _shown(viewer, case.id, render_request(data, runtime.calendar, runtime.clock.today()))


@router.post("", status_code=201, summary="登记政府信息公开申请", description="Receive an application",
             response_model=RequestBody)
async def receive(township: Township, body: cmd.ReceiveRequest, who: Desk, runtime: Rt, response: Response,
                  viewer: Viewing, key: IdempotencyKey = None) -> dict[str, Any]:
    case, _ = await handle.receive(runtime, township, body, who, key)
    response.headers["Location"] = f"/v1/townships/{township}/requests/{case.id}"
    return _answer(runtime, case, response, viewer)


@router.get("", summary="公开申请列表", description="List applications with their total; overdue=true lists those "
            "past their reply deadline; sort, date ranges, a case number or a part of the applicant's name",
            response_model=Page[RequestBody])
async def list_requests(township: Township, _: Reader, viewer: Viewing, runtime: Rt, overdue: Overdue,
                        listing: Listing, status: RequestStatus | None = None,
                        applicant_type: ApplicantType | None = None, cursor: Cursor = None,
                        limit: Limit = 50) -> dict[str, Any]:
    today, calendar = runtime.clock.today(), runtime.calendar
    page = await runtime.store.list_documents(DocumentQuery(
        COLLECTION, township, status=status, category=applicant_type, overdue_on=today if overdue else None,
        after=cursor, limit=limit, **listing.query_fields(may_see_names=viewer.full)))
    return page_body(page, lambda doc: _shown(viewer, doc.id, render_request(doc.data, calendar, today)))


@router.get("/{id}", summary="查看一件公开申请及答复期限", description="One application with its reply clock",
            response_model=RequestBody)
async def get_request(township: Township, id: str, _: Reader, viewer: Viewing, runtime: Rt,
                      response: Response) -> dict[str, Any]:
    doc = await runtime.store.get_document(COLLECTION, id)
    if doc is None or doc.township != township:
        raise NotFound(f"request {id} not found in township {township}", field="id")
    response.headers["ETag"] = etag(doc.version)
    return _shown(viewer, id, render_request(doc.data, runtime.calendar, runtime.clock.today()))


def _command_route(verb: str, model: type, who_type: Any, summary: str, description: str) -> None:
    async def endpoint(township: Township, id: str, body: model, who: who_type, runtime: Rt,  # type: ignore[valid-type]
                       response: Response, viewer: Viewing, if_match: IfMatch) -> dict[str, Any]:
        decide = handle.decision(runtime, body, who)
        return _answer(runtime, await handle.run(runtime, township, id, who, if_match, decide), response,
                       viewer)

    endpoint.__name__ = verb.replace("-", "_")
    router.add_api_route(f"/{{id}}/{verb}", endpoint, methods=["POST"], summary=summary, description=description,
                         response_model=RequestBody)


def _appeal_route(verb: str, kind: str, model: type, summary: str, description: str) -> None:
    async def endpoint(township: Township, id: str, body: model, who: Desk, runtime: Rt,  # type: ignore[valid-type]
                       response: Response, viewer: Viewing, if_match: IfMatch) -> dict[str, Any]:
        decide = handle.appeal_decision(runtime, kind, body)
        return _answer(runtime, await handle.run(runtime, township, id, who, if_match, decide), response,
                       viewer)

    endpoint.__name__ = verb.replace("-", "_")
    router.add_api_route(f"/{{id}}/{verb}", endpoint, methods=["POST"], summary=summary, description=description,
                         response_model=RequestBody)


_command_route("ask-correction", cmd.AskCorrection, Desk, "要求补正", "Ask for a correction (补正), within 7 working days")
_command_route("receive-correction", cmd.ReceiveCorrection, Desk, "收到补正材料", "The correction arrived: the clock restarts")
_command_route("abandon", cmd.Abandon, Desk, "逾期未补正，视为放弃", "Close an application whose correction never came")
_command_route("consult", cmd.Consult, Desk, "征求第三方或其他机关意见",
               "Consult a third party or organ: the clock pauses")
_command_route("consultation-answered", cmd.RecordConsultationAnswer, Desk, "征求意见结束", "The consultation ended")
_command_route("extend", cmd.Extend, Approver, "延期答复（一次，20 个工作日）", "Extend once by 20 working days (leader or officer)")
_command_route("charge-fee", cmd.ChargeFee, Desk, "收取信息处理费", "Record the processing fee of an excessive request")
_command_route("answer", cmd.Answer, Desk, "作出答复", "Answer with an outcome of table 三")
_appeal_route("record-review", "review", cmd.RecordAppeal, "登记行政复议", "Record an administrative review (行政复议)")
_appeal_route("record-review-result", "review", cmd.RecordAppealResult, "登记行政复议结果", "Record the review's result")
_appeal_route("record-lawsuit", "lawsuit", cmd.RecordAppeal, "登记行政诉讼", "Record a lawsuit (行政诉讼)")
_appeal_route("record-lawsuit-result", "lawsuit", cmd.RecordAppealResult, "登记行政诉讼结果", "Record the lawsuit's result")
