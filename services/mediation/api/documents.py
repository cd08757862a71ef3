"""A dispute's papers: which the desk can issue now, and each as a .docx filled from the case."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from fazhi.casedocs import DOCX_CONTENT, PaperList, docx_response, listing
from fazhi.errors import NotFound
from services.mediation.api.deps import Reader
from services.mediation.documents import CATALOGUE, context
from services.mediation.domain import Dispute

router = APIRouter(prefix="/v1/townships/{township}/disputes/{dispute_id}/documents", tags=["documents"])


async def _case(reader: Reader, dispute_id: str) -> dict[str, Any]:
    """The case as its papers show it: people in full for the township's own desk, who print for the parties
    (and the access log says so), masked for anyone else."""
    ctx = reader.context
    doc = await ctx.store.get_document(Dispute.stream_type, dispute_id)
    if doc is None or doc.township != ctx.township:
        raise NotFound(f"dispute {dispute_id} not found in township {ctx.township}", field="id")
    return reader.show(doc)


@router.get("", summary="纠纷文书列表（当前可出具的文书）", response_model=PaperList)
async def list_dispute_documents(dispute_id: str, reader: Reader) -> dict[str, Any]:
    """Every paper the mediation desk issues, with whether the dispute's state allows it now and why not."""
    case = await _case(reader, dispute_id)
    return listing(CATALOGUE, case, f"/v1/townships/{reader.context.township}/disputes/{dispute_id}/documents")


@router.get("/{kind}", summary="下载纠纷文书（.docx）", response_class=Response, responses=DOCX_CONTENT)
async def get_dispute_document(dispute_id: str, kind: str, reader: Reader) -> Response:
    """The paper filled from the case and numbered with its case number; 409 when the state does not allow it."""
    paper = CATALOGUE.paper(kind)
    case = await _case(reader, dispute_id)
    county = reader.context.runtime.county
    body = CATALOGUE.render(paper, case, context(case, county, reader.context.today), county.templates_dir)
    return docx_response(body, paper, case)
