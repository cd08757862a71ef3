"""Files attached to a case: scans of signed agreements, letters, replies, evidence.

The type is read from the content (PDF, JPEG, PNG, OFD, .docx), never taken from the client; the size is
bounded by `Settings.attachment_max_bytes`. The bytes go into the service's own database (`attachments`),
in the transaction that appends the case's attachment event — which carries the id, name, type, size and
SHA-256, never the bytes. Each service has a thin router over `attach`, `listed` and `served`.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from fastapi import Request, Response, UploadFile
from pydantic import Field
from sqlalchemy import Connection, select

from fazhi.aggregate import Aggregate
from fazhi.commands import Project, execute
from fazhi.attachment_events import ATTACHMENT_KIND_LABELS, MEDIA_TYPES, Attached, AttachmentKind
from fazhi.http import too_large_upload
from fazhi.errors import InvalidInput, NotFound, PayloadTooLarge, UnsupportedMediaType
from fazhi.openapi import Body
from fazhi.store.sql import SqlEventStore
from fazhi.store.tables import attachments

A = TypeVar("A", bound=Aggregate)
CHUNK = 1024 * 1024


def sniff(head: bytes, content: bytes) -> str:
    """The media type the content shows (magic bytes; a ZIP is opened to tell .docx from OFD), or 415."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
        except zipfile.BadZipFile:
            names = set()
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "OFD.xml" in names:  # GB/T 33190: the entry file at the package's root
            return "application/ofd"
    accepted = "、".join(MEDIA_TYPES.values())
    raise UnsupportedMediaType(f"the file's content is none of the accepted types ({accepted}), "
                               "whatever its name or declared type says", field="file")


def clean_name(name: str | None) -> str:
    """The file's own name without any folder, control characters or more than 255 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C").strip()
    if not base or base in (".", ".."):
        raise InvalidInput("the uploaded file has no name", field="file")
    return base[:255]


async def read_upload(request: Request, upload: UploadFile, limit: int) -> bytes:
    """The file's bytes, refused with 413 naming the limit as soon as they pass it."""
    parts, size = [], 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(too_large_upload(limit), field="file")
        parts.append(chunk)
    content = b"".join(parts)
    if not content:
        raise InvalidInput("the uploaded file is empty", field="file")
    return content


async def attach(
    store: SqlEventStore, cls: type[A], case_id: str, township: str, *, content: bytes, file_name: str | None,
    kind: AttachmentKind, note: str | None, event: Callable[..., Attached], metadata: dict[str, Any],
    project: Project[A],
) -> tuple[A, Attached]:
    """Append the case's attachment event with the file's row in the same transaction."""
    media_type = sniff(content[:16], content)
    facts = event(attachment_id=str(uuid.uuid4()), file_name=clean_name(file_name), media_type=media_type,
                  size=len(content), sha256=hashlib.sha256(content).hexdigest(), kind=kind, note=note or None,
                  attached_at=store.clock.now())

    def write(conn: Connection) -> None:
        conn.execute(attachments.insert().values(
            id=facts.attachment_id, collection=cls.stream_type, case_id=case_id, township=township,
            file_name=facts.file_name, media_type=media_type, size=facts.size, sha256=facts.sha256,
            content=content, attached_at=facts.attached_at))

    case = await execute(store, cls, case_id, township, lambda _: [facts], metadata=metadata, project=project,
                         also=write)
    return case, facts


def attachment_json(event: Attached) -> dict[str, Any]:
    """How a case body lists one attachment (without the bytes)."""
    return event.model_dump(mode="json")


def listed(case: dict[str, Any], base: str) -> dict[str, Any]:
    """The body of `GET .../attachments`: the case's attachments, oldest first, each with where to get it."""
    items = [{**a, "kind_label": ATTACHMENT_KIND_LABELS[AttachmentKind(a["kind"])],
              "href": f"{base}/{a['attachment_id']}"} for a in case.get("attachments", [])]
    return {"case_id": case["id"], "case_number": case.get("case_number"), "items": items}


def shown(facts: Attached, base: str) -> dict[str, Any]:
    """The answer to an upload."""
    body = attachment_json(facts)
    return {**body, "kind_label": ATTACHMENT_KIND_LABELS[facts.kind], "href": f"{base}/{facts.attachment_id}"}


async def served(store: SqlEventStore, collection: str, case_id: str, attachment_id: str) -> Response:
    """The file as it was attached, with the type read from it; 404 unless it belongs to that case."""
    query = select(attachments.c.file_name, attachments.c.media_type, attachments.c.content, attachments.c.sha256
                   ).where(attachments.c.id == attachment_id, attachments.c.collection == collection,
                           attachments.c.case_id == case_id)
    async with store.reader.connect() as conn:
        row = (await conn.execute(query)).first()
    if row is None:
        raise NotFound(f"attachment {attachment_id} not found on case {case_id}", field="attachment_id")
    from urllib.parse import quote

    disposition = f"attachment; filename=\"{attachment_id}\"; filename*=UTF-8''{quote(row.file_name)}"
    return Response(bytes(row.content), media_type=row.media_type, headers={
        "Content-Disposition": disposition, "ETag": f'"{row.sha256}"', "X-Content-Type-Options": "nosniff"})


# `responses=` of the download route.
FILE_CONTENT: dict[int | str, dict[str, Any]] = {200: {
    "description": "the file as attached, with the type read from its content",
    "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in MEDIA_TYPES}}}


class AttachmentBody(Body):
    """One file attached to a case (the bytes are at `href`)."""

    attachment_id: str
    file_name: str = Field(examples=["调解协议书（签字）.pdf"])
    media_type: str = Field(examples=["application/pdf"], description="read from the content, not from the client")
    size: int = Field(description="bytes")
    sha256: str
    kind: AttachmentKind
    kind_label: str
    note: str | None = None
    attached_at: datetime
    href: str


class AttachmentList(Body):
    """The files attached to one case, oldest first."""

    case_id: str
    case_number: str | None
    items: Sequence[AttachmentBody]

