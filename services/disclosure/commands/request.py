"""Commands on disclosure requests (依申请公开). Dates left out default to the day they are recorded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import Field, StringConstraints

from fazhi.pii import IdNumber
from services.disclosure.commands.base import Command, Phone, Text, Title
from services.disclosure.contract import (
    ApplicantType, CaseResult, ConsultationOpinion, FeeBasis, OrgType, Outcome, RequestChannel,
)

CreditCode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-HJ-NPQRTUWXY]{18}$")]


class ApplicantIn(Command):
    """The applicant as the form gives them."""

    name: Title
    id_number: IdNumber | None = None
    credit_code: CreditCode | None = Field(None, description="统一社会信用代码, for organizations")
    phone: Phone | None = None
    address: Text | None = None


class ReceiveRequest(Command):
    """Register an application; `received_on` is the receipt date by the channel's rule (GIS Art. 31)."""

    channel: RequestChannel
    applicant_type: ApplicantType
    org_type: OrgType | None = None
    applicant: ApplicantIn
    information_sought: Text
    delivery: Text | None = None
    received_on: date


class AskCorrection(Command):
    missing: Text = Field(description="what the applicant must correct or add")
    correct_by: date
    asked_on: date | None = None


class ReceiveCorrection(Command):
    received_on: date


class Abandon(Command):
    closed_on: date | None = None


class ConsulteeIn(Command):
    name: Title
    phone: Phone | None = None
    organ: bool = False


class Consult(Command):
    consultee: ConsulteeIn
    consulted_on: date | None = None


class RecordConsultationAnswer(Command):
    opinion: ConsultationOpinion
    answered_on: date | None = None


class Extend(Command):
    reason: Text
    extended_on: date | None = None


class ChargeFee(Command):
    amount: Decimal = Field(gt=0, max_digits=10, decimal_places=2, description="yuan")
    basis: FeeBasis
    note: Text | None = None
    charged_on: date | None = None


class Answer(Command):
    outcome: Outcome
    summary: Text | None = None
    answered_on: date | None = None


class RecordAppeal(Command):
    """An administrative review or lawsuit, filed on `filed_on`; the result may still be pending."""

    filed_on: date
    result: CaseResult = CaseResult.PENDING


class RecordAppealResult(Command):
    result: CaseResult
    decided_on: date | None = None
