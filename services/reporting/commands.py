"""The request bodies of reporting's own API: one imperative command per model, validated at the edge."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.reporting.contract import Placement, Theme

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Narrative = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]
Headcount = Annotated[int, Field(ge=1, le=1_000_000)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
Fees = Annotated[Decimal, Field(ge=0, le=100_000_000, max_digits=14, decimal_places=4)]


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
    placement: Placement = Field(Placement.AFTER, description="after (default), before, or instead of the text "
                                                            "the events wrote for the section (tables stay)")


class EnterTableTwo(_Command):
    """Table 二's figures for the year that no desk records: decisions made and fees collected."""

    licences: Count = Field(description="行政许可: decisions made in the year")
    penalties: Count = Field(description="行政处罚: decisions made in the year")
    enforcement: Count = Field(description="行政强制: decisions made in the year")
    fees: Fees = Field(description="行政事业性收费 in 万元 (ten thousand yuan), up to four decimals")
    source: Title = Field(description="where the figures come from, e.g. 县行政审批局办件台账")
