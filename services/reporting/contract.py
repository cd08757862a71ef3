"""The reporting service's own public events: work records no other service holds, and narratives.

The only module of this service another service may import. Subjects follow from the
types: `reporting.publicity_activity.recorded` travels on
`fazhi.reporting.<township>.publicity_activity.recorded`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from fazhi.events import DomainEvent
from fazhi.pii import PersonalText


class Theme(StrEnum):
    """What a legal-publicity activity (普法) was about."""

    CONSTITUTION = "constitution"  # 宪法
    CIVIL_CODE = "civil_code"  # 民法典
    ANTI_FRAUD = "anti_fraud"  # 反诈
    ANTI_GANG = "anti_gang"  # 扫黑除恶
    SAFE_VILLAGE = "safe_village"  # 平安建设、"三零"创建
    OTHER = "other"


class PublicityActivityRecorded(DomainEvent):
    """A legal-publicity activity held in a village, or township-wide when `village` is None."""

    type = "reporting.publicity_activity.recorded"

    held_on: date
    theme: Theme
    title: PersonalText
    village: str | None
    participants: int  # person-times (人次)


class PublicityActivityCorrected(DomainEvent):
    """The facts of an activity as they should have been entered; replaces them all."""

    type = "reporting.publicity_activity.corrected"

    held_on: date
    theme: Theme
    title: PersonalText
    village: str | None
    participants: int


class PublicityActivityWithdrawn(DomainEvent):
    """Entered in error: the activity no longer counts."""

    type = "reporting.publicity_activity.withdrawn"

    reason: PersonalText
    withdrawn_on: date


class AdvisorEngaged(DomainEvent):
    """A contract with a law firm for legal-advisor services (法律顾问)."""

    type = "reporting.advisor_engagement.engaged"

    law_firm: str
    advisor: str  # the lawyer named in the contract
    advises_government: bool  # 乡（镇）政府法律顾问
    villages: list[str]  # village committees the firm serves (村法律顾问)
    contract_start: date
    contract_end: date


class AdvisorOpinionGiven(DomainEvent):
    """The advisor's opinion heard before a major decision (重大决策前听取法律顾问意见)."""

    type = "reporting.advisor_engagement.opinion_given"

    given_on: date
    subject: PersonalText


class AdvisorEngagementEnded(DomainEvent):
    """The contract ended before its term."""

    type = "reporting.advisor_engagement.ended"

    ended_on: date
    reason: PersonalText


class TrainingRecorded(DomainEvent):
    """A training of the township's administrative-enforcement staff (执法人员培训)."""

    type = "reporting.training.recorded"

    held_on: date
    topic: PersonalText
    attendees: int


class TrainingCorrected(DomainEvent):
    type = "reporting.training.corrected"

    held_on: date
    topic: PersonalText
    attendees: int


class TrainingWithdrawn(DomainEvent):
    type = "reporting.training.withdrawn"

    reason: PersonalText
    withdrawn_on: date


class NarrativeEdited(DomainEvent):
    """An official's text for one section (1–5) of the annual rule-of-law report; each edit a version."""

    type = "reporting.narrative.edited"

    township: str
    year: int
    section: int
    text: PersonalText
    editor: str
