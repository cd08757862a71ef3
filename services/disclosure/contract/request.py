"""Events of a disclosure request (依申请公开) and the enums they carry.

Personal data is marked by type (`fazhi.pii`): the relay and readers outside the desk see it masked.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from fazhi.events import DomainEvent
from fazhi.pii import Address, IdNumberText, PersonalText, PersonName, Phone
from services.disclosure.contract.outcomes import ApplicantType, OrgType, Outcome


class RequestChannel(StrEnum):
    """How an application arrived; it decides the receipt date (GIS Art. 31)."""

    IN_PERSON = "in_person"  # 当面提交: the day it is handed in
    POST = "post"  # 邮寄: the day it is signed for (plain mail: the day confirmed with the applicant)
    ONLINE = "online"  # 互联网渠道: the day both sides confirm
    FAX = "fax"  # 传真: the day both sides confirm


class ConsultationOpinion(StrEnum):
    """What the consulted third party or organ said (GIS Art. 32)."""

    CONSENTS = "consents"
    OBJECTS = "objects"
    NO_REPLY = "no_reply"  # 逾期未提出意见: the office decides alone


class FeeBasis(StrEnum):
    """The processing-fee rule for excessive requests (GIS Art. 42, 国办函〔2020〕109号)."""

    PER_ITEM = "per_item"  # 按件计收: more than 10 applications in a month
    PER_VOLUME = "per_volume"  # 按量计收: more than 30 pages (or 10 items) in one application


class Applicant(BaseModel):
    """Who applied: a person (name, ID number) or an organization (name, credit code)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: PersonName  # an organization's name too: masked alike, the marker is on the field
    id_number: IdNumberText | None = None
    credit_code: str | None = None  # an organization's 统一社会信用代码: public, not personal
    phone: Phone | None = None
    address: Address | None = None


class Consultee(BaseModel):
    """The third party or other organ asked for its opinion."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: PersonName
    phone: Phone | None = None
    organ: bool = False  # another administrative organ rather than a private third party


class RequestReceived(DomainEvent):
    """`due_on` here and in later events is the deadline as computed then, for consumers."""

    type = "disclosure.request.received"
    channel: RequestChannel
    applicant_type: ApplicantType
    org_type: OrgType | None
    applicant: Applicant
    information_sought: PersonalText
    delivery: Address | None  # how to deliver: often a postal address, so masked as one
    received_on: date
    registered_at: datetime  # when it was entered (who entered it: the event's actor)
    due_on: date
    case_number: str | None = None  # 案号, given by the store at registration
    query_code: str | None = None  # 查询码: with the number, the applicant asks the public status page


class CorrectionAsked(DomainEvent):
    type = "disclosure.request.correction_asked"
    asked_on: date
    correct_by: date
    missing: PersonalText


class CorrectionReceived(DomainEvent):
    type = "disclosure.request.correction_received"
    received_on: date
    due_on: date


class ConsultationStarted(DomainEvent):
    type = "disclosure.request.consultation_started"
    consultee: Consultee
    consulted_on: date
    reply_by: date


class ConsultationAnswered(DomainEvent):
    type = "disclosure.request.consultation_answered"
    opinion: ConsultationOpinion
    answered_on: date
    paused_workdays: int
    due_on: date


class RequestExtended(DomainEvent):
    type = "disclosure.request.extended"
    extended_on: date
    reason: PersonalText
    approved_by: str
    approver_roles: list[str]
    extended_due_on: date


class FeeCharged(DomainEvent):
    type = "disclosure.request.fee_charged"
    amount: Decimal
    basis: FeeBasis
    charged_on: date
    note: PersonalText | None


class _Concluded(DomainEvent):
    """What table 三 counts: who applied, what came of it, and whether it was in time."""

    outcome: Outcome
    applicant_type: ApplicantType
    org_type: OrgType | None
    received_on: date
    due_on: date | None
    on_time: bool


class RequestAnswered(_Concluded):
    type = "disclosure.request.answered"
    answered_on: date
    extended: bool
    summary: PersonalText | None


class RequestAbandoned(_Concluded):
    """No correction by the applicant's deadline: closed as 其他处理 1 (GIS Art. 30)."""

    type = "disclosure.request.abandoned"
    closed_on: date


CONCLUDING_EVENTS = (RequestAnswered, RequestAbandoned)  # each one row of table 三


# 字典 of this module's codes.
LABELS: dict[type[StrEnum], dict[StrEnum, str]] = {
    RequestChannel: {RequestChannel.IN_PERSON: "当面提交", RequestChannel.POST: "邮寄",
                     RequestChannel.ONLINE: "互联网渠道", RequestChannel.FAX: "传真"},
    ConsultationOpinion: {ConsultationOpinion.CONSENTS: "同意公开", ConsultationOpinion.OBJECTS: "不同意公开",
                          ConsultationOpinion.NO_REPLY: "逾期未提出意见"},
    FeeBasis: {FeeBasis.PER_ITEM: "按件计收", FeeBasis.PER_VOLUME: "按量计收"},
}
