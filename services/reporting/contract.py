"""The reporting service's own public events: work records no other service holds, and narratives.

The only module of this service another service may import. Subjects follow from the
types: `reporting.publicity_activity.recorded` travels on
`fazhi.reporting.<township>.publicity_activity.recorded`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from fazhi.events import DomainEvent, upcaster
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


class Report(StrEnum):
    """The annual reports officials write parts of."""

    RULE_OF_LAW = "rule-of-law"  # 法治政府建设年度报告
    DISCLOSURE = "disclosure"  # 政府信息公开工作年度报告


class Placement(StrEnum):
    """Where an official's text goes in its section, beside what the events wrote."""

    AFTER = "after"  # 接在生成内容之后
    BEFORE = "before"  # 放在生成内容之前
    INSTEAD = "instead"  # 替换生成的文字（表格保留）


class NarrativeEdited(DomainEvent):
    """An official's text for one section of an annual report; each edit a version.

    Version 2 added `report` (version 1 texts are all of the rule-of-law report) and `placement`."""

    type = "reporting.narrative.edited"
    schema_version = 2

    township: str
    year: int
    section: int
    text: PersonalText
    editor: str
    report: Report
    placement: Placement


@upcaster("reporting.narrative.edited", 1)
def _narrative_v1(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "report": Report.RULE_OF_LAW.value, "placement": Placement.AFTER.value}


class TableTwoEntered(DomainEvent):
    """The figures of table 二 of a year's 政府信息公开工作年度报告 that no service's events hold, as the
    office entered them from their source; each entry a version that replaces the last."""

    type = "reporting.table_two.entered"

    year: int
    licences: int  # 行政许可: decisions made in the year
    penalties: int  # 行政处罚
    enforcement: int  # 行政强制
    fees: Decimal  # 行政事业性收费, 万元
    source: str  # where the figures come from, e.g. the approval office's register
    entered_by: str


# 字典: the codes of this contract with their Chinese labels.
LABELS: dict[type[StrEnum], dict[StrEnum, str]] = {
    Theme: {Theme.CONSTITUTION: "宪法", Theme.CIVIL_CODE: "民法典", Theme.ANTI_FRAUD: "反诈",
            Theme.ANTI_GANG: "扫黑除恶", Theme.SAFE_VILLAGE: "平安建设、“三零”创建", Theme.OTHER: "其他"},
    Report: {Report.RULE_OF_LAW: "法治政府建设年度报告", Report.DISCLOSURE: "政府信息公开工作年度报告"},
    Placement: {Placement.AFTER: "接在生成内容之后", Placement.BEFORE: "放在生成内容之前",
                Placement.INSTEAD: "替换生成的文字（表格保留）"},
}
