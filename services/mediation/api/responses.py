"""What the mediation routes answer, as typed models for the OpenAPI document and generated clients.

Bodies may carry more fields than listed (a newer server adds some); each code has its
Chinese label beside it as `<field>_label` (`<field>_labels` for a list of codes).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from fazhi.openapi import Body, EventRecord
from services.mediation.contract import Category, DisputeStatus, Level, Severity, Source


class PartyBody(Body):
    """A party; `name`, `id_number` and `phone` are masked for a reader outside the township."""

    name: str = Field(examples=["张三"])
    id_number: str | None = None
    phone: str | None = None


class Deadlines(Body):
    conclude_by: date | None = Field(None, description="mediation to be concluded by (30 days from acceptance)")
    judicial_confirmation_by: date | None = None
    performance_by: date | None = None


class DisputeBody(Body):
    """A dispute (矛盾纠纷) as the desk sees it."""

    id: str
    township: str
    level: Level
    level_label: str = Field(examples=["村人民调解委员会"])
    village: str | None
    source: Source
    source_label: str
    category: Category
    category_label: str = Field(examples=["劳动争议、欠薪"])
    parties: list[PartyBody]
    people_involved: int
    amount: str | None = Field(description="yuan, a decimal string")
    description: str
    risk_flags: list[str]
    risk_flags_labels: list[str]
    referral_case_id: str | None
    registered_on: date
    status: DisputeStatus
    status_label: str = Field(examples=["已受理"])
    severity: Severity
    severity_label: str
    severity_reasons: list[str]
    severity_reasons_labels: list[str]
    mediator: str | None
    committee_id: str | None
    accepted_on: date | None
    sessions: list[dict[str, Any]]
    agreement: dict[str, Any] | None
    failure: dict[str, Any] | None
    judicial_confirmation: dict[str, Any] | None
    performance: dict[str, Any] | None
    follow_ups: list[dict[str, Any]]
    decline: dict[str, Any] | None
    escalations: list[dict[str, Any]]
    closed_on: date | None
    reopenings: int
    deadlines: Deadlines
    due_on: date | None = Field(description="what the case is due for now")
    overdue: bool
    version: int = Field(description="the ETag: send it back as If-Match")


class DisputeHistory(Body):
    dispute_id: str
    items: list[EventRecord]


class MemberBody(Body):
    name: str
    gender: str
    position: str
    kind: str
    phone: str | None = None


class CommitteeBody(Body):
    """A people's mediation committee (人民调解委员会) of the township or a village."""

    id: str
    township: str
    level: Level
    level_label: str
    village: str | None
    name: str
    members: list[MemberBody]
    term_start: date
    term_end: date
    full_time_mediators: int
    women: int
    term_expired: bool
    version: int


class Committees(Body):
    items: list[CommitteeBody]


class ScreeningBody(Body):
    """A village's monthly screening (排查) report."""

    id: str
    township: str
    village: str
    month: str = Field(examples=["2026-03"])
    dispute_ids: list[str]
    zero_report: bool
    reported_on: date
    version: int


class Screenings(Body):
    month: str
    items: list[ScreeningBody]


class MissingVillages(Body):
    month: str
    villages: list[str] = Field(description="codes of the villages without a report for the month")

