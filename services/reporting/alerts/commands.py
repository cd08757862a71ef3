"""The request bodies of the alerts API: one imperative command per model, validated at the edge."""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from services.reporting.alerts.contract import Level, Rule

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://[^\s/]+(/\S*)?$", max_length=2000)]
Secret = Annotated[str, StringConstraints(min_length=16, max_length=256)]


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
    secret: Secret | None = None
    rules: Annotated[list[Rule], Field(max_length=len(Rule))] = []
    levels: Annotated[list[Level], Field(max_length=len(Level))] = []
