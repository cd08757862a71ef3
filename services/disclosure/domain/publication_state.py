"""The state of a publication (主动公开 item): a fold of its events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from fazhi.aggregate import Aggregate
from fazhi.events import DomainEvent
from services.disclosure import contract as c


class PublicationStatus(StrEnum):
    """Where the current revision stands."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REFUSED = "refused"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


PUBLICATION_STATUS_LABELS = {
    PublicationStatus.DRAFT: "草稿", PublicationStatus.IN_REVIEW: "审核中", PublicationStatus.APPROVED: "审核通过",
    PublicationStatus.REFUSED: "审核未通过", PublicationStatus.PUBLISHED: "已公开", PublicationStatus.WITHDRAWN: "已撤回",
}


@dataclass(frozen=True)
class Review:
    """The one review of one revision; `decision` is None while it is pending."""

    revision: int
    submitted_on: date
    decision: c.ReviewApproved | c.ReviewRefused | None = None

    @property
    def approved(self) -> bool:
        return isinstance(self.decision, c.ReviewApproved)


class PublicationState(Aggregate):
    """Everything known about one item: every revision and its review; changed only by `apply`."""

    stream_type = "publication"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.revisions: dict[int, c.PublicationDrafted | c.PublicationRevised] = {}
        self.reviews: dict[int, Review] = {}
        self.published: c.PublicationPublished | None = None
        self.withdrawal: c.PublicationWithdrawn | None = None
        self.drafted_at: datetime | None = None

    def apply(self, event: DomainEvent) -> None:
        match event:
            case c.PublicationDrafted() | c.PublicationRevised():
                self.revisions[event.revision] = event
                self.drafted_at = getattr(event, "drafted_at", self.drafted_at)
            case c.ReviewSubmitted():
                self.reviews[event.revision] = Review(event.revision, event.submitted_on)
            case c.ReviewApproved() | c.ReviewRefused():
                pending = self.reviews[event.revision]
                self.reviews[event.revision] = Review(pending.revision, pending.submitted_on, event)
            case c.PublicationPublished():
                self.published = event
            case c.PublicationWithdrawn():
                self.withdrawal = event

    @property
    def current(self) -> c.PublicationDrafted | c.PublicationRevised:
        return self.revisions[max(self.revisions)]

    @property
    def status(self) -> PublicationStatus:
        if self.withdrawal is not None:
            return PublicationStatus.WITHDRAWN
        if self.published is not None and self.published.revision == self.current.revision:
            return PublicationStatus.PUBLISHED
        review = self.reviews.get(self.current.revision)
        if review is None:
            return PublicationStatus.DRAFT
        if review.decision is None:
            return PublicationStatus.IN_REVIEW
        return PublicationStatus.APPROVED if review.approved else PublicationStatus.REFUSED

    @property
    def awaiting_publication(self) -> bool:
        """Whether the GIS Art. 26 deadline runs: the current revision may still go out."""
        return self.status in (PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW, PublicationStatus.APPROVED)
