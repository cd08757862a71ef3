"""The request bodies of reporting's own API: one imperative command per model, validated at the edge."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.reporting.contract import Theme

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Narrative = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]
Headcount = Annotated[int, Field(ge=1, le=1_000_000)]


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RecordPublicityActivity(_Command):
    """Also the body of `correct`: the activity's facts, all of them."""

    held_on: date
    theme: Theme
    title: Title
    village: str | None = None  # none: township-wide
    participants: Headcount


class Withdraw(_Command):
    reason: Text


class EngageAdvisor(_Command):
    law_firm: Name
    advisor: Name
    advises_government: bool = False
    villages: list[str] = []
    contract_start: date
    contract_end: date


class GiveOpinion(_Command):
    given_on: date
    subject: Title


class EndEngagement(_Command):
    ended_on: date
    reason: Text


class RecordTraining(_Command):
    """Also the body of `correct`."""

    held_on: date
    topic: Title
    attendees: Headcount


class EditNarrative(_Command):
    text: Narrative
