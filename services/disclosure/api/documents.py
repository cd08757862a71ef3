"""An application's papers: which the desk can issue now, and each as a .docx filled from the case."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from fazhi.casedocs import DOCX_CONTENT, PaperList, docx_response, listing
from fazhi.errors import NotFound
from fazhi.http import Township
from fazhi.service import Runtime
from services.disclosure.api.dependencies import Reader, Rt, Viewing
from services.disclosure.api.requests import _shown
from services.disclosure.documents import CATALOGUE, context
from services.disclosure.views.request import COLLECTION, render_request

router = APIRouter(prefix="/v1/townships/{township}/requests/{id}/documents", tags=["documents"])


async def _case(runtime: Runtime, township: str, id: str, viewer: Viewing) -> dict[str, Any]:
    """The application as its papers show it: the applicant in full for the township's own desk, who prints
    for them (and the access log says so), masked and without the query code for anyone else."""
    doc = await runtime.store.get_document(COLLECTION, id)
    if doc is None or doc.township != township:
        raise NotFound(f"request {id} not found in township {township}", field="id")
    return _shown(viewer, id, render_request(doc.data, runtime.calendar, runtime.clock.today()))


@router.get("", summary="公开申请文书列表（当前可出具的文书）", response_model=PaperList)
async def list_request_documents(township: Township, id: str, _: Reader, viewer: Viewing, runtime: Rt) -> dict[str, Any]:
    """Every paper the disclosure desk issues, with whether the application's state allows it now and why not."""
    case = await _case(runtime, township, id, viewer)
    return listing(CATALOGUE, case, f"/v1/townships/{township}/requests/{id}/documents")


@router.get("/{kind}", summary="下载公开申请文书（.docx）", response_class=Response, responses=DOCX_CONTENT)
async def get_request_document(township: Township, id: str, kind: str, _: Reader, viewer: Viewing, runtime: Rt) -> Response:
    """The paper filled from the application and numbered with its case number; the 答复书 carries the
    outcome's wording and legal basis; 409 when the state does not allow it."""
    paper = CATALOGUE.paper(kind)
    case = await _case(runtime, township, id, viewer)
    county = runtime.county
    body = CATALOGUE.render(paper, case, context(case, county, runtime.clock.today()), county.templates_dir)
    return docx_response(body, paper, case)
