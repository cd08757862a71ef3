"""The mediation service's public events (人民调解) and the enums and values they carry.

The only module of this service another service may import. Subjects follow from the
types: `mediation.dispute.registered` travels on `fazhi.mediation.<township>.dispute.registered`.
Personal data is marked by type (`fazhi.pii`): the relay, and every reader outside the case's desk, see it masked.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from fazhi.county import RISK_FLAG_LABELS, RiskFlag
from fazhi.events import DomainEvent
from fazhi.pii import IdNumberText, PersonalText, PersonName, Phone

__all__ = ["RiskFlag"]  # re-exported: the values `risk_flags` carries


class Category(StrEnum):
    """What a dispute is about."""

    MARRIAGE_FAMILY = "marriage_family"  # 婚姻家庭
    NEIGHBOURS = "neighbours"  # 邻里
    LAND_HOMESTEAD = "land_homestead"  # 土地承包、宅基地
    PROPERTY_MANAGEMENT = "property_management"  # 物业
    LABOUR_WAGES = "labour_wages"  # 劳动、欠薪
    DAMAGES = "damages"  # 损害赔偿
    CONTRACT = "contract"  # 合同
    LAND_REQUISITION = "land_requisition"  # 征地拆迁
    ENVIRONMENT = "environment"  # 环境污染
    OTHER = "other"


class Level(StrEnum):
    """Which committee handles a dispute."""

    VILLAGE = "village"  # 村人民调解委员会
    TOWNSHIP = "township"  # 乡镇人民调解委员会


class EscalationLevel(StrEnum):
    TOWNSHIP = "township"
    COUNTY = "county"  # handed to the county (县司法局): it leaves the township's desk


class Source(StrEnum):
    SCREENING = "screening"  # 排查
    APPLICATION = "application"  # a party applied (当事人申请)
    WALK_IN = "walk_in"
    REFERRAL = "referral"  # referred by the petition desk (信访转调解)


class Severity(StrEnum):
    MAJOR = "major"  # 重大矛盾纠纷: reported at once
    NORMAL = "normal"


class DisputeStatus(StrEnum):
    REGISTERED = "registered"
    ACCEPTED = "accepted"  # 受理
    DECLINED = "declined"  # 不予受理
    MEDIATING = "mediating"
    AGREED = "agreed"  # 达成调解协议
    FAILED = "failed"  # 调解不成
    CLOSED = "closed"  # 结案
    ESCALATED = "escalated"  # handed up to the county


class DeclineGrounds(StrEnum):
    PARTY_REFUSED = "party_refused"  # a party clearly refuses (TJ Art. 17)
    NOT_MEDIABLE = "not_mediable"  # barred by law, or already before a court or authority (TJ Art. 18)
    OTHER = "other"


class AgreementForm(StrEnum):
    WRITTEN = "written"  # 调解协议书 (TJ Art. 29)
    ORAL = "oral"  # 口头协议, content recorded (TJ Art. 30)


class Route(StrEnum):
    """Routes the parties are told of when mediation fails (TJ Art. 26)."""

    ARBITRATION = "arbitration"  # 仲裁
    ADMINISTRATIVE = "administrative"  # 行政
    COURT = "court"  # 司法


class Performance(StrEnum):
    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"


class Position(StrEnum):
    CHAIR = "chair"  # 主任
    VICE_CHAIR = "vice_chair"  # 副主任
    MEMBER = "member"  # 委员


class MediatorKind(StrEnum):
    FULL_TIME = "full_time"  # 专职调解员
    PART_TIME = "part_time"  # 兼职调解员


# 字典: every code above with its Chinese label (`GET /v1/dictionary`, `<field>_label` in bodies).
LABELS: dict[type[StrEnum], dict[Any, str]] = {
    Category: {
        Category.MARRIAGE_FAMILY: "婚姻家庭纠纷", Category.NEIGHBOURS: "邻里纠纷",
        Category.LAND_HOMESTEAD: "土地承包、宅基地纠纷", Category.PROPERTY_MANAGEMENT: "物业纠纷",
        Category.LABOUR_WAGES: "劳动争议、欠薪", Category.DAMAGES: "损害赔偿纠纷", Category.CONTRACT: "合同纠纷",
        Category.LAND_REQUISITION: "征地拆迁纠纷", Category.ENVIRONMENT: "环境污染纠纷", Category.OTHER: "其他纠纷",
    },
    Level: {Level.VILLAGE: "村人民调解委员会", Level.TOWNSHIP: "乡镇人民调解委员会"},
    EscalationLevel: {EscalationLevel.TOWNSHIP: "乡镇", EscalationLevel.COUNTY: "县司法局"},
    Source: {Source.SCREENING: "排查发现", Source.APPLICATION: "当事人申请", Source.WALK_IN: "来访",
             Source.REFERRAL: "信访转调解"},
    Severity: {Severity.MAJOR: "重大矛盾纠纷", Severity.NORMAL: "一般纠纷"},
    DisputeStatus: {
        DisputeStatus.REGISTERED: "已登记", DisputeStatus.ACCEPTED: "已受理", DisputeStatus.DECLINED: "不予受理",
        DisputeStatus.MEDIATING: "调解中", DisputeStatus.AGREED: "达成调解协议", DisputeStatus.FAILED: "调解不成",
        DisputeStatus.CLOSED: "已结案", DisputeStatus.ESCALATED: "已上交县级",
    },
    DeclineGrounds: {DeclineGrounds.PARTY_REFUSED: "当事人拒绝调解", DeclineGrounds.NOT_MEDIABLE: "依法不宜调解",
                     DeclineGrounds.OTHER: "其他原因"},
    AgreementForm: {AgreementForm.WRITTEN: "书面调解协议", AgreementForm.ORAL: "口头调解协议"},
    Route: {Route.ARBITRATION: "仲裁", Route.ADMINISTRATIVE: "行政途径", Route.COURT: "司法途径"},
    Performance: {Performance.FULL: "全部履行", Performance.PARTIAL: "部分履行", Performance.NONE: "未履行"},
    Gender: {Gender.FEMALE: "女", Gender.MALE: "男"},
    Position: {Position.CHAIR: "主任", Position.VICE_CHAIR: "副主任", Position.MEMBER: "委员"},
    MediatorKind: {MediatorKind.FULL_TIME: "专职调解员", MediatorKind.PART_TIME: "兼职调解员"},
    RiskFlag: RISK_FLAG_LABELS,
}
# Why a dispute is major (`severity_reasons`): the size rules, or a risk flag.
SEVERITY_REASON_LABELS: dict[str, str] = {
    "people_involved": "涉及人数达到重大标准", "amount": "涉案金额达到重大标准",
    **{flag.value: label for flag, label in RISK_FLAG_LABELS.items()},
}


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Party(_Value):
    """A party to a dispute. Masked on the bus; a referral arrives already masked."""

    name: PersonName
    id_number: IdNumberText | None = None
    phone: Phone | None = None


class Term(_Value):
    """One term of a written agreement: what, how, by when."""

    content: PersonalText
    manner: PersonalText
    deadline: date


class Member(_Value):
    """A member of a mediation committee."""

    name: PersonName
    gender: Gender
    position: Position
    kind: MediatorKind
    phone: Phone | None = None


class DisputeRegistered(DomainEvent):
    type = "mediation.dispute.registered"

    dispute_id: str
    level: Level
    village: str | None
    source: Source
    category: Category
    parties: list[Party]
    people_involved: int
    amount: Decimal | None
    description: PersonalText
    risk_flags: list[RiskFlag]
    referral_case_id: str | None = None
    registered_on: date
    registered_at: datetime  # when it was entered (who entered it: the event's actor)
    due_on: date  # time to conclude, from the day the dispute arrived
    received_on: date | None = None  # the day it arrived (None before it was recorded: the registration day)
    period_days: int | None = None  # the calendar days `due_on` counts, so a new holiday notice can recount them
    case_number: str | None = None  # 案号, given by the store at registration


class DisputeClassified(DomainEvent):
    """The county's major-dispute rules gave a new severity or new reasons."""

    type = "mediation.dispute.classified"

    dispute_id: str
    severity: Severity
    reasons: list[str]  # "people_involved", "amount", or a RiskFlag value
    previous_severity: Severity | None
    level: Level
    village: str | None
    category: Category
    classified_on: date


class FactsRevised(DomainEvent):
    type = "mediation.dispute.facts_revised"

    dispute_id: str
    people_involved: int
    amount: Decimal | None
    risk_flags: list[RiskFlag]
    description: PersonalText
    revised_on: date


class DisputeAccepted(DomainEvent):
    type = "mediation.dispute.accepted"

    dispute_id: str
    accepted_on: date
    due_on: date
    period_days: int | None = None


class DisputeDeclined(DomainEvent):
    type = "mediation.dispute.declined"

    dispute_id: str
    grounds: DeclineGrounds
    reason: PersonalText
    declined_on: date


class MediatorAssigned(DomainEvent):
    type = "mediation.dispute.mediator_assigned"

    dispute_id: str
    mediator: str
    committee_id: str | None
    assigned_on: date


class SessionRecorded(DomainEvent):
    type = "mediation.dispute.session_recorded"

    dispute_id: str
    held_on: date
    mediator: str
    summary: PersonalText


class AgreementReached(DomainEvent):
    type = "mediation.dispute.agreement_reached"

    dispute_id: str
    form: AgreementForm
    agreed_on: date
    parties: list[Party]  # the written agreement names them
    facts: PersonalText | None
    points_in_dispute: PersonalText | None
    terms: list[Term]
    oral_content: PersonalText | None
    performance_deadline: date
    confirmation_by: date  # last day to apply for judicial confirmation (TJ Art. 33)
    confirmation_days: int | None = None


class MediationFailed(DomainEvent):
    type = "mediation.dispute.mediation_failed"

    dispute_id: str
    failed_on: date
    reason: PersonalText
    routes_told: list[Route]


class ConfirmationApplied(DomainEvent):
    type = "mediation.dispute.confirmation_applied"

    dispute_id: str
    applied_on: date
    court: str


class PerformanceRecorded(DomainEvent):
    type = "mediation.dispute.performance_recorded"

    dispute_id: str
    performance: Performance
    checked_on: date
    note: PersonalText


class FollowUpRecorded(DomainEvent):
    """A follow-up visit (回访)."""

    type = "mediation.dispute.follow_up_recorded"

    dispute_id: str
    visited_on: date
    visited_by: str
    findings: PersonalText


class DisputeClosed(DomainEvent):
    type = "mediation.dispute.closed"

    dispute_id: str
    closed_on: date
    outcome: DisputeStatus  # agreed or failed


class DisputeReopened(DomainEvent):
    type = "mediation.dispute.reopened"

    dispute_id: str
    reopened_on: date
    reason: PersonalText
    due_on: date
    period_days: int | None = None


class DisputeEscalated(DomainEvent):
    type = "mediation.dispute.escalated"

    dispute_id: str
    from_level: Level
    to_level: EscalationLevel
    reason: PersonalText
    escalated_on: date
    due_on: date | None  # the township's new time to conclude; none once with the county
    period_days: int | None = None


class CommitteeRegistered(DomainEvent):
    type = "mediation.committee.registered"

    committee_id: str
    level: Level
    village: str | None
    name: str
    members: list[Member]
    term_start: date
    term_end: date


class CommitteeMembersChanged(DomainEvent):
    type = "mediation.committee.members_changed"

    committee_id: str
    members: list[Member]
    changed_on: date


class CommitteeTermRenewed(DomainEvent):
    type = "mediation.committee.term_renewed"

    committee_id: str
    members: list[Member]
    term_start: date
    term_end: date


class ScreeningReported(DomainEvent):
    """A village's monthly screening (排查): the disputes found, or an explicit zero-report."""

    type = "mediation.screening.reported"

    round_id: str
    village: str
    month: str  # YYYY-MM
    dispute_ids: list[str]
    zero_report: bool
    reported_on: date
