"""What a case's attachment event says: the file's id, name, type, size and SHA-256 — never its bytes.

Light on purpose: contract modules import it (fazhi/attachments.py is the mechanism).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from fazhi.events import DomainEvent
from fazhi.pii import PersonalText


class AttachmentKind(StrEnum):
    """What an attached file is."""

    SIGNED_AGREEMENT = "signed_agreement"  # a signed and sealed 调解协议书
    LETTER = "letter"  # a letter or application from a party
    REPLY = "reply"  # a reply or notice as sent, signed and sealed
    EVIDENCE = "evidence"  # 证据材料
    OTHER = "other"


ATTACHMENT_KIND_LABELS = {
    AttachmentKind.SIGNED_AGREEMENT: "签字盖章的调解协议书", AttachmentKind.LETTER: "来信、申请材料",
    AttachmentKind.REPLY: "答复、告知文书（已签发）", AttachmentKind.EVIDENCE: "证据材料", AttachmentKind.OTHER: "其他材料",
}
MEDIA_TYPES = {
    "application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "application/ofd": "OFD",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


class Attached(DomainEvent):
    """A file was attached to the case (each service's contract names its own event type)."""

    attachment_id: str
    file_name: PersonalText  # a scan's name often carries a party's name
    media_type: str  # read from the content
    size: int  # bytes
    sha256: str
    kind: AttachmentKind
    note: PersonalText | None = None
    attached_at: datetime
