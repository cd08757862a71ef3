"""What the disclosure routes answer, as typed models for the OpenAPI document and generated clients.

Bodies may carry more fields than listed (a newer server adds some); each code has its
Chinese label beside it as `<field>_label` (`<field>_labels` for a list of codes).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from fazhi.openapi import Body
from services.disclosure.contract import ApplicantType, Category, OrgType, RequestChannel


class ApplicantBody(Body):
    """Who applied; masked where the reader may not see personal data."""

    name: str
    id_number: str | None = None
    credit_code: str | None = None
    phone: str | None = None


class RequestBody(Body):
    """An application for government information (依申请公开) with its reply clock as of today."""

    id: str
    township: str
    version: int = Field(description="the ETag: send it back as If-Match")
    status: str = Field(examples=["processing"])
    status_label: str | None = Field(examples=["办理中"])
    channel: RequestChannel
    channel_label: str | None
    applicant_type: ApplicantType
    applicant_type_label: str | None
    org_type: OrgType | None
    org_type_label: str | None
    applicant: ApplicantBody
    information_sought: str
    delivery: str | None
    received_on: date
    registered_at: datetime
    fee: dict[str, Any] | None
    free: bool
    correction: dict[str, Any] | None
    consultations: list[dict[str, Any]]
    extension: dict[str, Any] | None
    conclusion: dict[str, Any] | None = Field(description="the answer: `outcome`, its `outcome_label` (table 三)")
    administrative_review: dict[str, Any] | None
    lawsuit: dict[str, Any] | None
    due_on: date | None = Field(description="reply due (15 working days, paused while correcting or consulting)")
    extended_due_on: date | None
    paused_workdays: int
    provisional: bool = Field(description="true: the date depends on a year the holiday calendar does not know yet")
    overdue: bool


class PublicationBody(Body):
    """An item of proactive disclosure (主动公开) as the desk sees it: its current revision and reviews."""

    id: str
    township: str
    version: int
    status: str = Field(examples=["in_review"])
    status_label: str | None
    revision: int
    title: str
    body: str | None
    attachment: dict[str, Any] | None
    category: Category
    category_label: str | None
    formed_on: date
    mandatory: bool
    due_on: date = Field(description="to be published within 20 working days of `formed_on`")
    provisional: bool
    awaiting_publication: bool
    reviews: list[dict[str, Any]]
    published: dict[str, Any] | None
    withdrawn: dict[str, Any] | None
    drafted_at: datetime
    overdue: bool


class PublicItem(Body):
    """A published item as the public sees it: personal data masked in its text."""

    id: str
    title: str
    category: Category
    category_label: str | None
    body: str | None
    attachment: dict[str, Any] | None
    channels: list[str]
    channels_labels: list[str]
    published_at: datetime
