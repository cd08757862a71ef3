"""What the petition routes answer, as typed models for the OpenAPI document and generated clients.

Bodies may carry more fields than listed (a newer server adds some); each code has its
Chinese label beside it as `<field>_label`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from fazhi.openapi import Body, EventRecord
from services.petition.contract import (
    CaseStatus,
    Channel,
    ReceptionKind,
    ReceptionStatus,
    SuggestionKind,
    SuggestionStatus,
)


class PersonBody(Body):
    """A petitioner or representative; masked for a reader outside the township."""

    name: str


class CaseDeadlines(Body):
    acceptance_by: date | None = Field(description="decide whether to accept within 15 days of registration")
    handling_by: date | None
    review_request_by: date | None
    review_decision_by: date | None
    recheck_request_by: date | None
    recheck_decision_by: date | None


class ChainLink(Body):
    case_id: str
    registered_on: date
    status: CaseStatus


class PetitionBody(Body):
    """A petition case (信访事项)."""

    id: str
    township: str
    status: CaseStatus
    status_label: str = Field(examples=["已受理"])
    channel: Channel
    channel_label: str = Field(examples=["来访"])
    petitioners: list[PersonBody]
    representatives: list[PersonBody]
    group_size: int
    group_visit: bool
    subject: str
    claims: list[str]
    matter: str | None
    bypassed_level: bool = Field(description="越级: the petition went past the township")
    village: str | None
    registered_on: date
    matter_keys: list[str]
    repeat_of: str | None
    repeat_count: int
    earlier_cases: list[str]
    acceptance: dict[str, Any] | None
    handling: list[dict[str, Any]]
    extension: dict[str, Any] | None
    reply: dict[str, Any] | None
    satisfaction: list[dict[str, Any]]
    review: dict[str, Any]
    recheck: dict[str, Any]
    referral: dict[str, Any] | None
    dispute_id: str | None = Field(description="the mediation dispute, once a referral was registered there")
    closed_on: date | None
    deadlines: CaseDeadlines
    due_on: date | None = Field(description="the deadline the case runs against now")
    overdue: bool
    version: int = Field(description="the ETag: send it back as If-Match")


class PetitionDetail(PetitionBody):
    chain: list[ChainLink] = Field(description="every case of its petitioners on the same matter, oldest first")


class PetitionHistory(Body):
    case_id: str
    items: list[EventRecord]


class ReceptionDayBody(Body):
    """A leader's reception day (领导接访日) or a joint reception."""

    id: str
    township: str
    status: ReceptionStatus
    status_label: str
    kind: ReceptionKind
    kind_label: str
    day: date
    place: str
    leader: str | None
    participants: list[dict[str, Any]]
    held_on: date | None
    visitors: int
    case_ids: list[str]
    summary: str | None
    closed_on: date | None
    cancellation: dict[str, Any] | None
    version: int


class SuggestionBody(Body):
    """A deputy's suggestion (人大代表建议) or a member's proposal (政协委员提案)."""

    id: str
    township: str
    status: SuggestionStatus
    status_label: str
    kind: SuggestionKind
    kind_label: str
    author: str
    title: str
    content: str
    received_on: date
    assignment: dict[str, Any] | None
    round: int
    answers: list[dict[str, Any]]
    feedback: list[dict[str, Any]]
    rehandlings: list[dict[str, Any]]
    answer_due_on: date | None
    due_on: date | None
    overdue: bool
    version: int
