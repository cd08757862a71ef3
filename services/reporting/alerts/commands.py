"""The request bodies of the alerts API: one imperative command per model, validated at the edge."""

from __future__ import annotations

import base64
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from services.reporting.alerts.contract import Channel, Level, Rule

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://[^\s/]+(/\S*)?$", max_length=2000)]
Secret = Annotated[str, StringConstraints(min_length=16, max_length=256)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Phone = Annotated[str, StringConstraints(pattern=r"^1[3-9]\d{9}$")]
Mail = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                                        max_length=254)]


def _standard_secret(value: str | None) -> str | None:
    """A Standard Webhooks secret: `whsec_` and 24 to 64 random bytes in base64."""
    if value is None:
        return None
    try:
        raw = base64.b64decode(value.removeprefix("whsec_"), validate=True)
    except ValueError:
        raw = b""
    if not value.startswith("whsec_") or not 24 <= len(raw) <= 64:
        raise ValueError("密钥须为 whsec_ 加 24 到 64 字节的 base64（可不填，由系统生成）")
    return value


WebhookSecret = Annotated[Secret, AfterValidator(_standard_secret)]


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AcknowledgeAlert(_Command):
    comment: Text | None = None


class ResolveAlert(_Command):
    reason: Text


class CreateSilence(_Command):
    """Hold back matching notifications until `ends_at`; unset matchers match anything."""

    reason: Text
    ends_at: AwareDatetime
    starts_at: AwareDatetime | None = None  # default: now
    rule: Rule | None = None
    level: Level | None = None


class CreateCountySilence(CreateSilence):
    township: str | None = None  # default: every township


class ExtendSilence(_Command):
    ends_at: AwareDatetime


class RegisterWebhook(_Command):
    """An endpoint for signed notifications; without `secret` the service makes one and returns it once."""

    url: Url
    secret: WebhookSecret | None = None
    rules: Annotated[list[Rule], Field(max_length=len(Rule))] = []
    levels: Annotated[list[Level], Field(max_length=len(Level))] = []


class RotateSecret(_Command):
    """A new signing secret (made by the service unless given); the old one signs too for a while."""

    secret: WebhookSecret | None = None
    keep_previous_hours: Annotated[float, Field(ge=0, le=168)] = 24


class RegisterReceiver(_Command):
    """A WeCom or DingTalk group robot (`url`, DingTalk also `secret`), mail addresses (`to`) or phones."""

    channel: Literal[Channel.WECOM, Channel.DINGTALK, Channel.EMAIL, Channel.SMS]
    name: Name | None = None
    url: Url | None = None
    secret: Secret | None = None  # the DingTalk robot's 加签 secret
    on_duty: bool = False  # notified only during duty shifts that name it
    to: Annotated[list[Mail], Field(max_length=20)] = []
    phones: Annotated[list[Phone], Field(max_length=20)] = []
    rules: Annotated[list[Rule], Field(max_length=len(Rule))] = []
    levels: Annotated[list[Level], Field(max_length=len(Level))] = []


class ScheduleDutyShift(_Command):
    """Someone on duty from `starts_at` to `ends_at`, reached through duty receivers of the same scope."""

    person: Name
    role: Name = "leader"
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    receivers: Annotated[list[Annotated[str, StringConstraints(min_length=1, max_length=64)]],
                         Field(min_length=1, max_length=10)]
