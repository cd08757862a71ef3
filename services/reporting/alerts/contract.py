"""The alert subsystem's public events: alerts, silences and webhook subscriptions (all in reporting's store).

Subjects follow from the types: `reporting.alert.raised` travels on
`fazhi.reporting.<township>.alert.raised`. What other systems subscribe to is the
`AlertNotification` on `fazhi.alerts.<township>.<level>`; an event with `notify` false was
recorded but not sent (held by quiet hours, a silence, or an inhibiting alert).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from fazhi.events import DomainEvent
from fazhi.pii import Personal, PersonalText


class Rule(StrEnum):
    """What fired the alert; the first part of its dedup key."""

    MAJOR_DISPUTE = "major_dispute"  # 重大矛盾纠纷, as mediation classified it
    RISK_FLAG = "risk_flag"  # 民转刑 or 群体性 risk on a dispute
    VILLAGE_OVERDUE = "village_overdue"  # not concluded in the village in time (小事不出村)
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    GROUP_VISIT = "group_visit"  # 集体访
    BYPASS_PETITION = "bypass_petition"  # 越级访
    REPEAT_PETITION = "repeat_petition"  # 重复访 by one person
    MISSING_SCREENING = "missing_screening"  # a village's monthly 排查 not reported
    DELIVERY_DISABLED = "delivery_disabled"  # a webhook or receiver gave up on a notification and was disabled


class Level(StrEnum):
    """Who has the alert now; unacknowledged alerts climb village → township → county."""

    VILLAGE = "village"
    TOWNSHIP = "township"
    COUNTY = "county"


class Severity(StrEnum):
    CRITICAL = "critical"  # act at once; quiet hours never hold it back
    ALERT = "alert"
    WARNING = "warning"


class AlertStatus(StrEnum):
    """Where the alert stands; lists put open alerts first, then acknowledged, held, resolved."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    INHIBITED = "inhibited"  # open, but the case's major-dispute alert speaks for it
    SILENCED = "silenced"  # open, held back by a silence
    RESOLVED = "resolved"


class Channel(StrEnum):
    """How a subscriber is reached."""

    WEBHOOK = "webhook"  # signed JSON (Standard Webhooks)
    WECOM = "wecom"  # 企业微信 group robot, markdown message
    DINGTALK = "dingtalk"  # 钉钉 custom robot, signed URL
    EMAIL = "email"  # through the county's mail relay
    SMS = "sms"  # through the county's SMS gateway


class Hold(StrEnum):
    """Why a notification was recorded but not sent (yet)."""

    QUIET_HOURS = "quiet_hours"  # sent when quiet hours end
    SILENCED = "silenced"  # sent if the alert is still open when the silence ends
    INHIBITED = "inhibited"  # the case's major-dispute alert speaks for it


class CaseRef(BaseModel):
    """The case an alert is about: a dispute, request, petition, suggestion or village."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: str
    kind: str
    id: str


class Cause(BaseModel):
    """The producer event that fired the rule (none for the timer's rules)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: str
    type: str
    recorded_at: datetime


class AlertRaised(DomainEvent):
    type = "reporting.alert.raised"

    alert_id: str
    key: str
    rule: Rule
    severity: Severity
    level: Level
    village: str | None
    subject: CaseRef
    title: PersonalText  # made from the case's free text
    details: Annotated[dict[str, Any], Personal("text")]
    cause: Cause | None
    raised_at: datetime
    notify: bool
    held: Hold | None
    held_by: str | None  # the silence or the inhibiting alert
    ack_due_at: datetime | None  # set once notified


class AlertAcknowledged(DomainEvent):
    type = "reporting.alert.acknowledged"

    alert_id: str
    by: str
    comment: PersonalText | None
    acknowledged_at: datetime
    notify: bool


class AlertEscalated(DomainEvent):
    """Not acknowledged in its level's time: one level up, or (at the county) notified again."""

    type = "reporting.alert.escalated"

    alert_id: str
    from_level: Level
    to_level: Level
    repeat: int  # 0 for a climb; 1, 2… for repeats at the county
    escalated_at: datetime
    notify: bool
    held: Hold | None
    held_by: str | None
    ack_due_at: datetime | None


class AlertReleased(DomainEvent):
    """A held notification goes out: quiet hours ended, the silence ended, the inhibitor resolved."""

    type = "reporting.alert.released"

    alert_id: str
    level: Level
    released_at: datetime
    ack_due_at: datetime
    notify: bool = True


class AlertResolved(DomainEvent):
    type = "reporting.alert.resolved"

    alert_id: str
    by: str
    reason: PersonalText
    automatic: bool  # the underlying case changed, rather than a person deciding
    resolved_at: datetime
    notify: bool


class SilenceMatchers(BaseModel):
    """Which alerts a silence holds back; an unset matcher matches anything."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    township: str | None
    rule: Rule | None
    level: Level | None


class SilenceCreated(DomainEvent):
    type = "reporting.silence.created"

    silence_id: str
    author: str
    reason: PersonalText
    matchers: SilenceMatchers
    starts_at: datetime
    ends_at: datetime


class SilenceExtended(DomainEvent):
    type = "reporting.silence.extended"

    silence_id: str
    by: str
    ends_at: datetime


class SilenceEnded(DomainEvent):
    type = "reporting.silence.ended"

    silence_id: str
    by: str
    ended_at: datetime


class WebhookRegistered(DomainEvent):
    """A subscriber's endpoint (a webhook or another channel); its secrets, and a receiver's URL, phones or
    addresses, are kept beside the stream, never in the event: `url` then shows only a masked target."""

    type = "reporting.alert_webhook.registered"

    webhook_id: str
    url: str
    channel: Channel = Channel.WEBHOOK
    name: str | None = None
    on_duty: bool = False  # a duty receiver: notified only during the duty shifts that name it
    township: str | None  # None: county-wide
    rules: list[Rule]  # empty: every rule
    levels: list[Level]  # empty: every level
    registered_by: str
    registered_at: datetime


class WebhookRemoved(DomainEvent):
    type = "reporting.alert_webhook.removed"

    webhook_id: str
    by: str
    removed_at: datetime


class WebhookDisabled(DomainEvent):
    """Deliveries gave up: one notification was not taken for the configured time; nothing more is sent."""

    type = "reporting.alert_webhook.disabled"

    webhook_id: str
    reason: str
    attempts: int
    failing_since: datetime
    disabled_at: datetime


class WebhookEnabled(DomainEvent):
    """Deliveries resume from the notification that was given up on."""

    type = "reporting.alert_webhook.enabled"

    webhook_id: str
    by: str
    enabled_at: datetime


class WebhookSecretRotated(DomainEvent):
    """A new signing secret; the previous one still signs every request until `previous_expires_at`."""

    type = "reporting.alert_webhook.secret_rotated"

    webhook_id: str
    by: str
    rotated_at: datetime
    previous_expires_at: datetime


class DutyShiftScheduled(DomainEvent):
    """Someone is on duty (值班) for a township or (township None) the county, reached through `receivers`."""

    type = "reporting.duty_shift.scheduled"

    shift_id: str
    township: str | None
    person: str
    role: str
    starts_at: datetime
    ends_at: datetime
    receivers: list[str]  # duty receivers of the same scope
    scheduled_by: str


class DutyShiftCancelled(DomainEvent):
    type = "reporting.duty_shift.cancelled"

    shift_id: str
    by: str
    cancelled_at: datetime


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class EscalationStep(_Part):
    from_level: Level = Field(alias="from")
    to: Level
    repeat: int
    at: datetime
    held: Hold | None


class Acknowledgement(_Part):
    by: str
    comment: PersonalText | None
    at: datetime


class Resolution(_Part):
    by: str
    reason: PersonalText
    automatic: bool
    at: datetime


class AlertState(_Part):
    """The alert as subscribers see it after the event: what, where, who has it, and what happened to it."""

    id: str
    township: str
    key: str
    rule: Rule
    severity: Severity
    level: Level
    status: AlertStatus
    village: str | None
    subject: CaseRef
    title: PersonalText  # made from the case's free text
    details: Annotated[dict[str, Any], Personal("text")]
    cause: Cause | None
    raised_at: datetime
    notified: bool
    held: Hold | None
    held_by: str | None
    ack_due_at: datetime | None
    version: int
    escalations: list[EscalationStep]
    acknowledged: Acknowledgement | None
    released_at: list[datetime]
    resolved: Resolution | None


class AlertNotification(_Part):
    """The body on `fazhi.alerts.<township>.<level>` (and of SSE and webhooks): the event and the alert after it."""

    event_id: str
    type: str
    position: int
    occurred_at: datetime
    township: str
    alert: AlertState


# 字典: the alert codes with their Chinese labels.
LABELS: dict[type[StrEnum], dict[StrEnum, str]] = {
    Rule: {
        Rule.MAJOR_DISPUTE: "重大矛盾纠纷", Rule.RISK_FLAG: "纠纷风险（民转刑、群体性、越级）",
        Rule.VILLAGE_OVERDUE: "村级未按期化解", Rule.DUE_SOON: "即将到期", Rule.OVERDUE: "已逾期",
        Rule.GROUP_VISIT: "集体访", Rule.BYPASS_PETITION: "越级访", Rule.REPEAT_PETITION: "重复访",
        Rule.MISSING_SCREENING: "村级排查未报告", Rule.DELIVERY_DISABLED: "预警推送已停用",
    },
    Level: {Level.VILLAGE: "村级", Level.TOWNSHIP: "乡镇级", Level.COUNTY: "县级"},
    Severity: {Severity.CRITICAL: "紧急", Severity.ALERT: "告警", Severity.WARNING: "提醒"},
    AlertStatus: {AlertStatus.OPEN: "待处理", AlertStatus.ACKNOWLEDGED: "已认领", AlertStatus.INHIBITED: "已被抑制",
                  AlertStatus.SILENCED: "已屏蔽", AlertStatus.RESOLVED: "已解除"},
    Channel: {Channel.WEBHOOK: "Webhook", Channel.WECOM: "企业微信群机器人", Channel.DINGTALK: "钉钉群机器人",
              Channel.EMAIL: "电子邮件", Channel.SMS: "短信"},
    Hold: {Hold.QUIET_HOURS: "静默时段暂缓", Hold.SILENCED: "已被屏蔽", Hold.INHIBITED: "已被抑制"},
}
