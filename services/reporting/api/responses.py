"""What the reporting routes answer, as typed models for the OpenAPI document and generated clients.

Bodies may carry more fields than listed (a newer server adds some); codes have their
Chinese label beside them as `<field>_label`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from fazhi.openapi import Body
from services.reporting.alerts.contract import AlertStatus, Level, Rule, Severity
from services.reporting.contract import Placement, Report, Theme


class Statistics(Body):
    """Every figure of a township (or the county) for a year, counted from the services' events."""

    scope: str = Field(examples=["township"], description="township or county")
    name: str = Field(examples=["后台乡"])
    year: int
    as_of: date
    mediation: dict[str, Any]
    disclosure: dict[str, Any]
    petition: dict[str, Any]
    not_in_the_events: Any = Field(description="what the report needs that no event records")


class DeadlineItem(Body):
    kind: str = Field(examples=["mediation.dispute"])
    service: str
    id: str
    township: str
    village: str | None
    status: str | None
    category: str | None
    title: str | None
    due: str = Field(description="what is due")
    due_on: date
    days_left: int = Field(description="negative: overdue by that many days")
    overdue: bool


class Deadlines(Body):
    as_of: date
    within_days: int
    overdue: list[DeadlineItem]
    due_soon: list[DeadlineItem]


class ReportBody(Body):
    """An annual report as JSON (`format=md`, `html` or `docx` give the document itself)."""

    kind: str
    title: str
    subtitle: str | None
    preamble: list[str]
    sections: list[dict[str, Any]] = Field(description="each with its heading and blocks (paragraphs, tables)")
    figures: dict[str, Any]


class NarrativeBody(Body):
    section: int
    heading: str
    text: str | None
    placement: Placement | None = None
    editor: str | None
    version: int


class Narratives(Body):
    report: Report
    year: int
    items: list[NarrativeBody]


class NarrativeVersion(Body):
    version: int
    text: str
    placement: Placement
    editor: str
    edited_at: datetime


class TableTwoBody(Body):
    """Table 二's figures entered for a year, their source and who entered them."""

    id: str
    township: str
    year: int
    licences: int
    penalties: int
    enforcement: int
    fees: str
    source: str
    entered_by: str
    version: int


class NarrativeHistory(Body):
    section: int
    year: int
    items: list[NarrativeVersion]


class ActivityBody(Body):
    """A rule-of-law publicity activity (普法宣传)."""

    id: str
    township: str
    held_on: date
    theme: Theme
    theme_label: str
    title: str
    village: str | None
    participants: int
    withdrawn_on: date | None
    withdrawal_reason: str | None
    version: int


class TrainingBody(Body):
    """A training of the township's staff in law (学法培训)."""

    id: str
    township: str
    held_on: date
    topic: str
    attendees: int
    withdrawn_on: date | None
    withdrawal_reason: str | None
    version: int


class EngagementBody(Body):
    """A legal adviser's contract (法律顾问)."""

    id: str
    township: str
    law_firm: str
    advisor: str
    advises_government: bool
    villages: list[str]
    contract_start: date
    contract_end: date
    ended_on: date | None
    last_day: date
    opinions: list[dict[str, Any]]
    version: int


class AlertBody(Body):
    """An alert: what fired, about which case, who has it now, and what happened to it."""

    id: str
    township: str
    key: str
    rule: Rule
    rule_label: str = Field(examples=["重大矛盾纠纷"])
    severity: Severity
    severity_label: str
    level: Level
    level_label: str
    status: AlertStatus
    status_label: str
    village: str | None
    subject: dict[str, Any] = Field(description="the case: service, kind, id")
    title: str = Field(description="Chinese unless Accept-Language: en")
    details: dict[str, Any]
    raised_at: datetime
    notified: bool
    held: str | None
    ack_due_at: datetime | None
    version: int
    escalations: list[dict[str, Any]]
    acknowledged: dict[str, Any] | None
    released_at: list[datetime]
    resolved: dict[str, Any] | None


class AlertEvent(Body):
    event_id: str
    position: int
    version: int
    type: str
    occurred_at: datetime
    actor: str | None
    data: dict[str, Any]


class AlertHistory(Body):
    alert_id: str
    items: list[AlertEvent]


class SilenceBody(Body):
    """A silence: matching notifications are held back until `ends_at`."""

    id: str
    scope: str = Field(description="the township's code, or the county's")
    author: str
    reason: str
    matchers: dict[str, Any] = Field(description="township, rule and level; unset matches anything")
    starts_at: datetime
    ends_at: datetime | None
    ended_by: str | None
    version: int
    active: bool | None = None


class WebhookBody(Body):
    """A subscription to alert notifications: a webhook POSTed to `url`, or a receiver (WeCom or DingTalk
    group robot, e-mail, SMS) whose target is shown masked."""

    id: str
    channel: str | None = Field(None, examples=["webhook"], description="webhook, wecom, dingtalk, email or sms")
    name: str | None = None
    url: str | None = None
    township: str | None
    rules: list[str]
    levels: list[str]
    registered_by: str
    registered_at: datetime
    status: str
    disabled: dict[str, Any] | None = None
    version: int


class NewWebhook(WebhookBody):
    secret: str | None = Field(None, description="a webhook's signing secret: shown this once")
    ping: dict[str, Any] | None = Field(None, description="whether the test message sent on creation arrived")


class PingAnswer(Body):
    ping: dict[str, Any] | str | None = Field(description="what the test message met")


class DeliveryBody(Body):
    """One notification's delivery to a subscription: its state and attempts (never the remote's answer)."""

    id: str
    webhook_id: str | None = None
    alert_id: str | None = None
    status: str = Field(description="delivered, retrying or failed")
    attempts: int


class DutyShiftBody(Body):
    """Someone on duty (值班) for a township or the county, and the receivers that reach them."""

    id: str
    township: str | None
    person: str
    role: str
    starts_at: datetime
    ends_at: datetime
    receivers: list[str]
    scheduled_by: str
    status: str = Field(description="scheduled or cancelled")
    version: int
