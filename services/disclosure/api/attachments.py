"""An application's attachments: upload a scan (the application, the reply as sent), list them, download one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile

from fazhi.attachments import FILE_CONTENT, AttachmentBody, AttachmentKind, AttachmentList, attach, listed, \
    read_upload, served, shown
from fazhi.errors import NotFound
from fazhi.http import Township, command_metadata
from fazhi.openapi import problems
from fazhi.service import Runtime
from services.disclosure.api.dependencies import Desk, Reader, Rt
from services.disclosure.contract import RequestAttached
from services.disclosure.domain.request import DisclosureRequest
from services.disclosure.handlers.request import project
from services.disclosure.views.request import COLLECTION

router = APIRouter(prefix="/v1/townships/{township}/requests/{id}/attachments", tags=["attachments"])


def _base(township: str, id: str) -> str:
    return f"/v1/townships/{township}/requests/{id}/attachments"


@router.post("", status_code=201, summary="上传公开申请附件（申请书、答复书扫描件）", response_model=AttachmentBody,
             responses=problems(413, 415))
async def attach_to_request(
    request: Request, township: Township, id: str, who: Desk, runtime: Rt, response: Response,
    file: Annotated[UploadFile, File(description="PDF, JPEG, PNG, OFD or .docx; the type is read from the content")],
    kind: Annotated[AttachmentKind, Form()] = AttachmentKind.OTHER,
    note: Annotated[str | None, Form(max_length=500)] = None,
) -> dict[str, Any]:
    """Attach a file (multipart/form-data); the attachment is an event on the application, the bytes stay here."""
    content = await read_upload(request, file, runtime.settings.attachment_max_bytes)
    _, facts = await attach(runtime.store, DisclosureRequest, id, township, content=content, file_name=file.filename,
                            kind=kind, note=note, event=RequestAttached, metadata=command_metadata(who),
                            project=project(runtime))
    base = _base(township, id)
    response.headers["Location"] = f"{base}/{facts.attachment_id}"
    return shown(facts, base)


async def _case(runtime: Runtime, township: str, id: str) -> dict[str, Any]:
    doc = await runtime.store.get_document(COLLECTION, id)
    if doc is None or doc.township != township:
        raise NotFound(f"request {id} not found in township {township}", field="id")
    return doc.data


@router.get("", summary="公开申请附件列表", response_model=AttachmentList)
async def list_request_attachments(township: Township, id: str, who: Reader, runtime: Rt) -> dict[str, Any]:
    return listed(await _case(runtime, township, id), _base(township, id))


@router.get("/{attachment_id}", summary="下载公开申请附件", response_class=Response, responses=FILE_CONTENT)
async def get_request_attachment(township: Township, id: str, attachment_id: str, who: Reader,
                                 runtime: Rt) -> Response:
    await _case(runtime, township, id)
    return await served(runtime.store, COLLECTION, id, attachment_id)
