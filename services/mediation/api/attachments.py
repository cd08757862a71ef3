"""A dispute's attachments: upload a scan (signed agreement, letter, evidence), list them, download one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile

from fazhi.attachments import FILE_CONTENT, AttachmentBody, AttachmentKind, AttachmentList, attach, listed, \
    read_upload, served, shown
from fazhi.errors import NotFound
from fazhi.openapi import problems
from services.mediation.api.deps import Acting, Reader
from services.mediation.contract import DisputeAttached
from services.mediation.domain import Dispute

router = APIRouter(prefix="/v1/townships/{township}/disputes/{dispute_id}/attachments", tags=["attachments"])


def _base(township: str, dispute_id: str) -> str:
    return f"/v1/townships/{township}/disputes/{dispute_id}/attachments"


@router.post("", status_code=201, summary="上传纠纷附件（扫描件、证据）", response_model=AttachmentBody,
             responses=problems(413, 415))
async def attach_to_dispute(
    request: Request, dispute_id: str, ctx: Acting, response: Response,
    file: Annotated[UploadFile, File(description="PDF, JPEG, PNG, OFD or .docx; the type is read from the content")],
    kind: Annotated[AttachmentKind, Form()] = AttachmentKind.OTHER,
    note: Annotated[str | None, Form(max_length=500)] = None,
) -> dict[str, Any]:
    """Attach a file (multipart/form-data); the attachment is an event on the dispute, the bytes stay here."""
    content = await read_upload(request, file, ctx.runtime.settings.attachment_max_bytes)
    _, facts = await attach(ctx.store, Dispute, dispute_id, ctx.township, content=content, file_name=file.filename,
                            kind=kind, note=note, event=DisputeAttached, metadata=ctx.metadata, project=ctx.project)
    base = _base(ctx.township, dispute_id)
    response.headers["Location"] = f"{base}/{facts.attachment_id}"
    return shown(facts, base)


async def _case(reader: Reader, dispute_id: str) -> dict[str, Any]:
    ctx = reader.context
    doc = await ctx.store.get_document(Dispute.stream_type, dispute_id)
    if doc is None or doc.township != ctx.township:
        raise NotFound(f"dispute {dispute_id} not found in township {ctx.township}", field="id")
    return doc.data


@router.get("", summary="纠纷附件列表", response_model=AttachmentList)
async def list_dispute_attachments(dispute_id: str, reader: Reader) -> dict[str, Any]:
    return listed(await _case(reader, dispute_id), _base(reader.context.township, dispute_id))


@router.get("/{attachment_id}", summary="下载纠纷附件", response_class=Response, responses=FILE_CONTENT)
async def get_dispute_attachment(dispute_id: str, attachment_id: str, reader: Reader) -> Response:
    await _case(reader, dispute_id)
    return await served(reader.context.store, Dispute.stream_type, dispute_id, attachment_id)
