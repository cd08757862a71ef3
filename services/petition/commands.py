"""The request bodies of the petition API: one imperative command per model, validated at the edge.

ID numbers typed in are checked (check digit); a date left out means today.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from fazhi.pii import IdNumber
from services.petition import contract as c

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 -]{4,19}$")]


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PersonInput(_Command):
    name: Name
    id_number: IdNumber | None = None
    phone: Phone | None = None

    def to_person(self) -> c.Person:
        return c.Person(name=self.name, id_number=self.id_number, phone=self.phone)


class RegisterPetition(_Command):
    channel: c.Channel
    petitioners: Annotated[list[PersonInput], Field(max_length=200)] = []
    representatives: Annotated[list[PersonInput], Field(max_length=200)] = []  # at most 5: checked with the reason
    group_size: Annotated[int, Field(ge=1, le=100000)] | None = None  # default: the people named
    subject: Line
    claims: Annotated[list[Text], Field(min_length=1, max_length=50)]
    matter: Line | None = None  # what repeats are matched on; default: the subject
    bypassed_level: bool = False  # 越级
    village: str | None = None
    received_on: date | None = None  # the day the letter or visit arrived; default registered_on
    registered_on: date | None = None  # default today




class DecideAcceptance(_Command):
    decision: Literal["accept", "decline", "transfer"]
    route: c.Route | None = None  # decline: the route the petitioner was told
    organ: Line | None = None  # transfer: the competent organ
    reason: Text | None = None
    decided_on: date | None = None  # default today


class RecordHandling(_Command):
    step: c.HandlingStep
    note: Text
    done_on: date | None = None


class ExtendHandling(_Command):
    days: Annotated[int, Field(ge=1)]  # at most 30, checked with the statute's reason
    reason: Text
    approved_by: Name  # the head of the organ who approved it


class Reply(_Command):
    finding: c.Finding
    content: Text
    replied_on: date | None = None


class RecordSatisfaction(_Command):
    satisfaction: c.Satisfaction


class RequestReview(_Command):
    """The body of `request-review` (复查) and `request-recheck` (复核)."""

    organ: Line
    requested_on: date | None = None


class DecideReview(_Command):
    """The body of `decide-review` and `decide-recheck`."""

    decision: c.Decision
    content: Text
    decided_on: date | None = None


class ReferToMediation(_Command):
    category: c.MediationCategory
    summary: Text | None = None  # default: the subject
    reason: Text


class ParticipantInput(_Command):
    name: Name
    role: c.ParticipantRole

    def to_participant(self) -> c.Participant:
        return c.Participant(name=self.name, role=self.role)


class ScheduleReception(_Command):
    kind: c.ReceptionKind
    day: date
    place: Line
    leader: Name | None = None
    participants: Annotated[list[ParticipantInput], Field(max_length=50)] = []


class RecordVisitors(_Command):
    visitors: Annotated[int, Field(ge=0, le=100000)]
    case_ids: Annotated[list[str], Field(max_length=500)] = []


class CloseReception(_Command):
    summary: Text


class GiveReason(_Command):
    reason: Text


class ReceiveSuggestion(_Command):
    kind: c.SuggestionKind
    author: Name
    title: Line
    content: Text
    received_on: date | None = None  # the day it arrived; default today


class AssignSuggestion(_Command):
    office: Line
    complex: bool = False


class AnswerSuggestion(_Command):
    answer: Text


class RecordFeedback(_Command):
    feedback: c.Satisfaction
    note: Text | None = None
