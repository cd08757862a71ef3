"""A petition's papers: which the desk can issue now, and each as a .docx filled from the case."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from fazhi.casedocs import DOCX_CONTENT, PaperList, docx_response, listing
from services.petition.api.deps import Reader
from services.petition.documents import CATALOGUE, context
from services.petition.domain import PetitionCase

router = APIRouter(prefix="/v1/townships/{township}/petitions/{case_id}/documents", tags=["documents"])


async def _case(reader: Reader, case_id: str) -> dict[str, Any]:
    """The case as its papers show it: people in full for the township's own desk, who print for the parties
    (and the access log says so), masked for anyone else."""
    return reader.show(await reader.document(PetitionCase.stream_type, case_id, "petition"))


@router.get("", summary="信访事项文书列表（当前可出具的文书）", response_model=PaperList)
async def list_petition_documents(case_id: str, reader: Reader) -> dict[str, Any]:
    """Every paper the petition desk issues, with whether the case's state allows it now and why not."""
    case = await _case(reader, case_id)
    return listing(CATALOGUE, case, f"/v1/townships/{reader.context.township}/petitions/{case_id}/documents")


@router.get("/{kind}", summary="下载信访事项文书（.docx）", response_class=Response, responses=DOCX_CONTENT)
async def get_petition_document(case_id: str, kind: str, reader: Reader) -> Response:
    """The paper filled from the case and numbered with its case number; 409 when the state does not allow it."""
    paper = CATALOGUE.paper(kind)
    case = await _case(reader, case_id)
    county = reader.context.runtime.county
    body = CATALOGUE.render(paper, case, context(case, county, reader.context.today), county.templates_dir)
    return docx_response(body, paper, case)
