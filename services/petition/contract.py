"""The petition service's public events (信访) and the enums and values they carry.

The only module of this service another service may import. Subjects follow from the
types: `petition.case.referred` travels on `fazhi.petition.<township>.case.referred`.
Personal data is marked by type (`fazhi.pii`), so the relay and readers outside the desk see it masked;
`petitioner_keys` and `matter_keys` are keyed hashes (HMAC-SHA256 under a secret only petition
holds), never the raw ID number: other services can compare them but not recompute them.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from fazhi.events import DomainEvent
from fazhi.pii import IdNumberText, PersonalText, PersonName, Phone


class Channel(StrEnum):
    """How a petition reached the desk (XF Arts. 17, 21)."""

    ONLINE = "online"  # 网上信访
    LETTER = "letter"  # 来信
    PHONE = "phone"  # 来电
    FAX = "fax"  # 传真
    VISIT = "visit"  # 来访


class CaseStatus(StrEnum):
    REGISTERED = "registered"  # 登记
    ACCEPTED = "accepted"  # 受理
    HANDLING = "handling"  # 办理中
    DECLINED = "declined"  # 不予受理, the route told
    TRANSFERRED = "transferred"  # 转送有权处理的机关
    REFERRED = "referred"  # 转人民调解
    REPLIED = "replied"  # 书面答复
    REVIEW_REQUESTED = "review_requested"  # 复查
    REVIEWED = "reviewed"
    RECHECK_REQUESTED = "recheck_requested"  # 复核
    RECHECKED = "rechecked"  # final: the same claim is not accepted again
    CLOSED = "closed"  # 结案


class Route(StrEnum):
    """The route a petitioner is told of when the petition is not accepted (XF Arts. 31, 36)."""

    LITIGATION = "litigation"  # 诉讼
    ARBITRATION = "arbitration"  # 仲裁
    ADMINISTRATIVE_REVIEW = "administrative_review"  # 行政复议
    MEDIATION = "mediation"  # 调解
    CONCLUDED = "concluded"  # 复核终结, not accepted again
    OTHER = "other"


class Finding(StrEnum):
    """What the written reply decides on the claims (XF Art. 32)."""

    SUPPORTED = "supported"  # 予以支持
    EXPLAINED = "explained"  # 解释说明
    NOT_SUPPORTED = "not_supported"  # 不予支持


class Stage(StrEnum):
    """Which answer a step follows: the reply, the 复查 opinion or the 复核 opinion."""

    REPLY = "reply"
    REVIEW = "review"
    RECHECK = "recheck"


class Decision(StrEnum):
    """A 复查 or 复核 opinion on the answer before it."""

    UPHELD = "upheld"  # 维持
    CHANGED = "changed"  # 变更
    REVOKED = "revoked"  # 撤销


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"  # 满意
    BASICALLY = "basically"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意


class HandlingStep(StrEnum):
    INVESTIGATION = "investigation"  # 调查核实
    HEARING = "hearing"  # 听证
    COORDINATION = "coordination"  # 协调
    OTHER = "other"


class MediationCategory(StrEnum):
    """The mediation service's dispute categories, which a referral names."""

    MARRIAGE_FAMILY = "marriage_family"
    NEIGHBOURS = "neighbours"
    LAND_HOMESTEAD = "land_homestead"
    PROPERTY_MANAGEMENT = "property_management"
    LABOUR_WAGES = "labour_wages"
    DAMAGES = "damages"
    CONTRACT = "contract"
    LAND_REQUISITION = "land_requisition"
    ENVIRONMENT = "environment"
    OTHER = "other"


class ReceptionKind(StrEnum):
    LEADER = "leader"  # 领导定期接访日 (XF Art. 18)
    JOINT = "joint"  # "两代表一委员" joint reception


class ParticipantRole(StrEnum):
    PARTY_DEPUTY = "party_deputy"  # 党代表
    NPC_DEPUTY = "npc_deputy"  # 人大代表
    CPPCC_MEMBER = "cppcc_member"  # 政协委员


class ReceptionStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class SuggestionKind(StrEnum):
    DEPUTY_SUGGESTION = "deputy_suggestion"  # 人大代表建议
    MEMBER_PROPOSAL = "member_proposal"  # 政协委员提案


class SuggestionStatus(StrEnum):
    RECEIVED = "received"
    ASSIGNED = "assigned"  # with a handling office, answer due
    ANSWERED = "answered"
    UNSATISFIED = "unsatisfied"  # the author was not satisfied: to be handled again
    CLOSED = "closed"  # the author was satisfied or basically satisfied


class Person(BaseModel):
    """A petitioner or representative; masked on the bus."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: PersonName
    id_number: IdNumberText | None = None
    phone: Phone | None = None


class CaseRegistered(DomainEvent):
    """A petition registered; carries what reporting alerts on (group, 越级, repeat)."""

    type = "petition.case.registered"

    case_id: str
    channel: Channel
    petitioners: list[Person]
    representatives: list[Person]  # a group visit's chosen representatives (XF Art. 20)
    group_size: int  # people behind the petition
    group_visit: bool
    subject: PersonalText
    claims: list[PersonalText]
    matter: PersonalText  # the normalised matter repeats are matched on
    bypassed_level: bool  # 越级
    village: str | None
    registered_on: date
    registered_at: datetime  # when it was entered (who entered it: the event's actor)
    acceptance_due_on: date  # 15 days from the day the petition arrived
    petitioner_keys: list[str]  # keyed hash per person with an ID number
    matter_keys: list[str]  # keyed hash of person and matter: the repeat lookup
    repeat_of: str | None  # the latest earlier case of a petitioner on this matter
    repeat_count: int  # how many earlier cases there are
    earlier_cases: list[str]  # oldest first
    received_on: date | None = None  # the day the letter or visit arrived (None before it was recorded)
    case_number: str | None = None  # 案号, given by the store at registration
    query_code: str | None = None  # 查询码: with the number, the petitioner asks the public status page


class CaseAccepted(DomainEvent):
    type = "petition.case.accepted"

    case_id: str
    accepted_on: date
    late: bool  # decided after the 15-day acceptance period
    handling_due_on: date


class CaseDeclined(DomainEvent):
    type = "petition.case.declined"

    case_id: str
    declined_on: date
    late: bool
    route: Route
    reason: PersonalText


class CaseTransferred(DomainEvent):
    type = "petition.case.transferred"

    case_id: str
    transferred_on: date
    late: bool
    organ: str  # the competent organ (有权处理的机关)
    reason: PersonalText


class HandlingRecorded(DomainEvent):
    type = "petition.case.handling_recorded"

    case_id: str
    step: HandlingStep
    note: PersonalText
    done_on: date


class HandlingExtended(DomainEvent):
    type = "petition.case.extended"

    case_id: str
    days: int
    reason: PersonalText
    approved_by: str
    extended_on: date
    handling_due_on: date


class CaseReplied(DomainEvent):
    type = "petition.case.replied"

    case_id: str
    finding: Finding
    content: PersonalText
    replied_on: date
    late: bool
    review_request_by: date


class SatisfactionRecorded(DomainEvent):
    type = "petition.case.satisfaction_recorded"

    case_id: str
    stage: Stage
    satisfaction: Satisfaction
    recorded_on: date


class _RequestMade(DomainEvent):
    case_id: str
    organ: str  # the organ asked to re-examine (the next level up)
    requested_on: date
    decision_due_on: date


class ReviewRequested(_RequestMade):
    """复查 requested, within 30 days of the written reply (XF Art. 35)."""

    type = "petition.case.review_requested"


class RecheckRequested(_RequestMade):
    """复核 requested, within 30 days of the 复查 opinion (XF Art. 36)."""

    type = "petition.case.recheck_requested"


class _OpinionGiven(DomainEvent):
    case_id: str
    decision: Decision
    content: PersonalText
    decided_on: date
    late: bool  # given after its 30-day period


class CaseReviewed(_OpinionGiven):
    """The 复查 opinion."""

    type = "petition.case.reviewed"

    recheck_request_by: date


class CaseRechecked(_OpinionGiven):
    """The 复核 opinion: final, the same claim is not accepted again (XF Art. 36)."""

    type = "petition.case.rechecked"


class CaseReferredToMediation(DomainEvent):
    """The petition → mediation referral contract: the mediation service opens a dispute from it."""

    type = "petition.case.referred"

    case_id: str
    village: str | None
    category: str  # a MediationCategory value
    summary: PersonalText
    parties: list[Person]
    people_involved: int
    reason: PersonalText
    referred_on: date


class ReferralLinked(DomainEvent):
    type = "petition.case.referral_linked"

    case_id: str
    dispute_id: str
    linked_on: date


class CaseClosed(DomainEvent):
    type = "petition.case.closed"

    case_id: str
    closed_on: date
    status_before: CaseStatus


class Participant(BaseModel):
    """A deputy or member sitting at a joint reception (public office holders, not masked)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    role: ParticipantRole


class ReceptionScheduled(DomainEvent):
    type = "petition.reception_day.scheduled"

    reception_day_id: str
    kind: ReceptionKind
    day: date
    place: str
    leader: str | None
    participants: list[Participant]
    scheduled_on: date


class ReceptionHeld(DomainEvent):
    type = "petition.reception_day.held"

    reception_day_id: str
    held_on: date


class VisitorsRecorded(DomainEvent):
    type = "petition.reception_day.visitors_recorded"

    reception_day_id: str
    visitors: int
    case_ids: list[str]  # cases opened at the reception
    recorded_on: date


class ReceptionClosed(DomainEvent):
    type = "petition.reception_day.closed"

    reception_day_id: str
    summary: PersonalText
    closed_on: date
    visitors: int  # totals, for reporting
    case_ids: list[str]


class ReceptionCancelled(DomainEvent):
    type = "petition.reception_day.cancelled"

    reception_day_id: str
    reason: PersonalText
    cancelled_on: date


class SuggestionReceived(DomainEvent):
    type = "petition.suggestion.received"

    suggestion_id: str
    kind: SuggestionKind
    author: str
    title: PersonalText
    content: PersonalText
    received_on: date
    received_at: datetime
    case_number: str | None = None  # 案号, given by the store when it is received


class SuggestionAssigned(DomainEvent):
    """Given to a handling office; answer due in 3 months, 6 when complex (DB Art. 51)."""

    type = "petition.suggestion.assigned"

    suggestion_id: str
    office: str
    complex: bool
    months: int
    assigned_on: date
    answer_due_on: date


class SuggestionAnswered(DomainEvent):
    type = "petition.suggestion.answered"

    suggestion_id: str
    answer: PersonalText
    answered_on: date
    late: bool
    round: int  # 1 for the first answer, 2 after the first re-handling…


class FeedbackRecorded(DomainEvent):
    type = "petition.suggestion.feedback_recorded"

    suggestion_id: str
    feedback: Satisfaction
    note: PersonalText
    recorded_on: date
    round: int


class RehandlingStarted(DomainEvent):
    """The author was not satisfied: the office handles it again and a new answer is due."""

    type = "petition.suggestion.rehandling_started"

    suggestion_id: str
    reason: PersonalText
    started_on: date
    answer_due_on: date
    round: int


# 字典: every code of this contract with its Chinese label (`GET /v1/dictionary`, `<field>_label` in bodies).
LABELS: dict[type[StrEnum], dict[StrEnum, str]] = {
    Channel: {Channel.ONLINE: "网上信访", Channel.LETTER: "来信", Channel.PHONE: "来电", Channel.FAX: "传真",
              Channel.VISIT: "来访"},
    CaseStatus: {
        CaseStatus.REGISTERED: "已登记", CaseStatus.ACCEPTED: "已受理", CaseStatus.HANDLING: "办理中",
        CaseStatus.DECLINED: "不予受理", CaseStatus.TRANSFERRED: "已转送有权处理机关",
        CaseStatus.REFERRED: "已转人民调解", CaseStatus.REPLIED: "已书面答复", CaseStatus.REVIEW_REQUESTED: "已申请复查",
        CaseStatus.REVIEWED: "已复查", CaseStatus.RECHECK_REQUESTED: "已申请复核", CaseStatus.RECHECKED: "已复核（终结）",
        CaseStatus.CLOSED: "已结案",
    },
    Route: {Route.LITIGATION: "诉讼", Route.ARBITRATION: "仲裁", Route.ADMINISTRATIVE_REVIEW: "行政复议",
            Route.MEDIATION: "调解", Route.CONCLUDED: "复核终结，不再受理", Route.OTHER: "其他途径"},
    Finding: {Finding.SUPPORTED: "予以支持", Finding.EXPLAINED: "解释说明", Finding.NOT_SUPPORTED: "不予支持"},
    Stage: {Stage.REPLY: "答复", Stage.REVIEW: "复查", Stage.RECHECK: "复核"},
    Decision: {Decision.UPHELD: "维持", Decision.CHANGED: "变更", Decision.REVOKED: "撤销"},
    Satisfaction: {Satisfaction.SATISFIED: "满意", Satisfaction.BASICALLY: "基本满意",
                   Satisfaction.UNSATISFIED: "不满意"},
    HandlingStep: {HandlingStep.INVESTIGATION: "调查核实", HandlingStep.HEARING: "听证",
                   HandlingStep.COORDINATION: "协调", HandlingStep.OTHER: "其他"},
    MediationCategory: {
        MediationCategory.MARRIAGE_FAMILY: "婚姻家庭纠纷", MediationCategory.NEIGHBOURS: "邻里纠纷",
        MediationCategory.LAND_HOMESTEAD: "土地承包、宅基地纠纷", MediationCategory.PROPERTY_MANAGEMENT: "物业纠纷",
        MediationCategory.LABOUR_WAGES: "劳动争议、欠薪", MediationCategory.DAMAGES: "损害赔偿纠纷",
        MediationCategory.CONTRACT: "合同纠纷", MediationCategory.LAND_REQUISITION: "征地拆迁纠纷",
        MediationCategory.ENVIRONMENT: "环境污染纠纷", MediationCategory.OTHER: "其他纠纷",
    },
    ReceptionKind: {ReceptionKind.LEADER: "领导接访日", ReceptionKind.JOINT: "“两代表一委员”联合接访"},
    ParticipantRole: {ParticipantRole.PARTY_DEPUTY: "党代表", ParticipantRole.NPC_DEPUTY: "人大代表",
                      ParticipantRole.CPPCC_MEMBER: "政协委员"},
    ReceptionStatus: {ReceptionStatus.SCHEDULED: "已安排", ReceptionStatus.HELD: "已接访",
                      ReceptionStatus.CLOSED: "已结束", ReceptionStatus.CANCELLED: "已取消"},
    SuggestionKind: {SuggestionKind.DEPUTY_SUGGESTION: "人大代表建议", SuggestionKind.MEMBER_PROPOSAL: "政协委员提案"},
    SuggestionStatus: {
        SuggestionStatus.RECEIVED: "已收到", SuggestionStatus.ASSIGNED: "已交办", SuggestionStatus.ANSWERED: "已答复",
        SuggestionStatus.UNSATISFIED: "不满意，重新办理", SuggestionStatus.CLOSED: "已办结",
    },
}
