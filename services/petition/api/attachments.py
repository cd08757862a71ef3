"""A petition's attachments: upload a scan (the letter, a reply as sent, evidence), list them, download one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile

from fazhi.attachments import FILE_CONTENT, AttachmentBody, AttachmentKind, AttachmentList, attach, listed, \
    read_upload, served, shown
from fazhi.openapi import problems
from services.petition.api.deps import Desk, Reader
from services.petition.contract import CaseAttached
from services.petition.domain import PetitionCase
from services.petition.views import project_case

router = APIRouter(prefix="/v1/townships/{township}/petitions/{case_id}/attachments", tags=["attachments"])
CASES = PetitionCase.stream_type


def _base(township: str, case_id: str) -> str:
    return f"/v1/townships/{township}/petitions/{case_id}/attachments"


@router.post("", status_code=201, summary="上传信访事项附件（来信、答复、证据）", response_model=AttachmentBody,
             responses=problems(413, 415))
async def attach_to_petition(
    request: Request, case_id: str, ctx: Desk, response: Response,
    file: Annotated[UploadFile, File(description="PDF, JPEG, PNG, OFD or .docx; the type is read from the content")],
    kind: Annotated[AttachmentKind, Form()] = AttachmentKind.OTHER,
    note: Annotated[str | None, Form(max_length=500)] = None,
) -> dict[str, Any]:
    """Attach a file (multipart/form-data); the attachment is an event on the case, the bytes stay here."""
    content = await read_upload(request, file, ctx.runtime.settings.attachment_max_bytes)
    _, facts = await attach(ctx.store, PetitionCase, case_id, ctx.township, content=content, file_name=file.filename,
                            kind=kind, note=note, event=CaseAttached, metadata=ctx.metadata,
                            project=lambda p: project_case(p, ctx.periods.calendar))
    base = _base(ctx.township, case_id)
    response.headers["Location"] = f"{base}/{facts.attachment_id}"
    return shown(facts, base)


@router.get("", summary="信访事项附件列表", response_model=AttachmentList)
async def list_petition_attachments(case_id: str, reader: Reader) -> dict[str, Any]:
    doc = await reader.document(CASES, case_id, "petition")
    return listed(doc.data, _base(reader.context.township, case_id))


@router.get("/{attachment_id}", summary="下载信访事项附件", response_class=Response, responses=FILE_CONTENT)
async def get_petition_attachment(case_id: str, attachment_id: str, reader: Reader) -> Response:
    await reader.document(CASES, case_id, "petition")
    return await served(reader.context.store, CASES, case_id, attachment_id)
