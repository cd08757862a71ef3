"""Events of the administrative review (行政复议) and lawsuit (行政诉讼) about a request (table 四).

They travel on the request's stream: `fazhi.disclosure.<township>.request.<event>`.
"""

from __future__ import annotations

from datetime import date

from fazhi.events import DomainEvent
from services.disclosure.contract.outcomes import CaseResult


class AdministrativeReviewRecorded(DomainEvent):
    """An administrative review (行政复议) about this request."""

    type = "disclosure.request.administrative_review_recorded"
    filed_on: date
    result: CaseResult


class AdministrativeReviewDecided(DomainEvent):
    type = "disclosure.request.administrative_review_decided"
    result: CaseResult
    decided_on: date


class LawsuitRecorded(DomainEvent):
    """An administrative lawsuit (行政诉讼), filed directly or after the review."""

    type = "disclosure.request.lawsuit_recorded"
    filed_on: date
    after_review: bool
    result: CaseResult


class LawsuitDecided(DomainEvent):
    type = "disclosure.request.lawsuit_decided"
    result: CaseResult
    decided_on: date
