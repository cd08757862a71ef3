"""The request bodies of the mediation API: one imperative command per model, validated at the edge.

ID-card numbers typed in over HTTP are checked (check digit); only a referral from the
petition desk, which arrives masked, bypasses that (see `consumers`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from fazhi.county import RiskFlag
from fazhi.pii import IdNumber
from services.mediation import contract as c

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 -]{4,19}$")]
Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
Amount = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PartyInput(_Command):
    name: Name
    id_number: IdNumber | None = None
    phone: Phone | None = None

    def to_party(self) -> c.Party:
        return c.Party(name=self.name, id_number=self.id_number, phone=self.phone)


class RegisterDispute(_Command):
    level: c.Level
    village: str | None = None
    source: c.Source
    category: c.Category
    parties: Annotated[list[PartyInput], Field(min_length=1, max_length=200)]
    people_involved: Annotated[int, Field(ge=1, le=100000)]
    amount: Amount | None = None
    description: Text
    risk_flags: list[RiskFlag] = []
    received_on: date | None = None  # the day the dispute arrived; default today


class ReviseFacts(_Command):
    people_involved: Annotated[int, Field(ge=1, le=100000)]
    amount: Amount | None = None
    risk_flags: list[RiskFlag] = []
    description: Text | None = None


class DeclineDispute(_Command):
    grounds: c.DeclineGrounds
    reason: Text


class AssignMediator(_Command):
    mediator: Name
    committee_id: str | None = None


class RecordSession(_Command):
    held_on: date | None = None  # default: today
    summary: Text


class ReachAgreement(_Command):
    form: c.AgreementForm
    agreed_on: date | None = None  # default: today
    facts: Text | None = None
    points_in_dispute: Text | None = None
    responsibilities: Text | None = None  # each party's responsibility (TJ Art. 29)
    terms: list[c.Term] = []
    oral_content: Text | None = None
    performance_deadline: date
    signed: bool = False  # signed by the parties and sealed by the committee


class RecordFailure(_Command):
    reason: Text
    routes_told: list[c.Route]


class ApplyForConfirmation(_Command):
    court: Name


class RecordPerformance(_Command):
    performance: c.Performance
    checked_on: date | None = None
    note: Text


class RecordFollowUp(_Command):
    visited_on: date | None = None
    visited_by: Name
    findings: Text


class GiveReason(_Command):
    """The body of `reopen` and `escalate`."""

    reason: Text


class RegisterCommittee(_Command):
    level: c.Level
    village: str | None = None
    name: Name
    members: list[c.Member]
    term_start: date


class ChangeMembers(_Command):
    members: list[c.Member]


class RenewTerm(_Command):
    term_start: date
    members: list[c.Member]


class ReportScreening(_Command):
    village: str
    month: Month
    dispute_ids: list[str] = []
    zero_report: bool = False
