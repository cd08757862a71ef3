"""A publication (主动公开 item): drafted, revised, reviewed per revision, published, withdrawn.

"先审查、后公开、一事一审": one confidentiality review per revision, and only the current
revision with an approved review of exactly that revision can be published.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fazhi.errors import InvalidInput, RuleViolation
from fazhi.events import DomainEvent
from services.disclosure import contract as c
from services.disclosure.domain.dates import check_date
from services.disclosure.domain.publication_state import PublicationState, PublicationStatus


class Publication(PublicationState):
    """The commands on an item; each checks the rules and returns the events it would cause."""

    def draft(self, content: dict[str, Any], *, today: date, now: datetime) -> list[DomainEvent]:
        """Open the item at revision 1."""
        _check_content(content, today)
        return [c.PublicationDrafted(revision=1, drafted_at=now, **content)]

    def revise(self, changes: dict[str, Any], *, today: date) -> list[DomainEvent]:
        """A new revision: the given fields replace the current ones; it needs its own review."""
        self._refuse_if_withdrawn()
        before = self.current.model_dump(include=set(_CONTENT_FIELDS))
        content = {**before, **changes}
        if content == before:
            raise InvalidInput("the revision changes nothing", field="body")
        _check_content(content, today)
        return [c.PublicationRevised(revision=self.current.revision + 1, **content)]

    def submit_review(self, revision: int, *, today: date) -> list[DomainEvent]:
        """Ask for the confidentiality review (保密审查) of the current revision, once per revision."""
        self._refuse_if_withdrawn()
        self._require_current(revision)
        if revision in self.reviews:
            raise RuleViolation(f"revision {revision} already has a review (一事一审); revise to review again",
                                field="revision")
        return [c.ReviewSubmitted(revision=revision, submitted_on=today)]

    def approve(self, revision: int, reviewer: str, comment: str | None, *, today: date) -> list[DomainEvent]:
        """Record the review's approval of exactly `revision`."""
        self._pending_review(revision)
        return [c.ReviewApproved(revision=revision, reviewer=reviewer, comment=comment, approved_on=today)]

    def refuse(self, revision: int, reviewer: str, grounds: list[c.RefusalGround], comment: str | None,
               *, today: date) -> list[DomainEvent]:
        """Record the review's refusal of `revision`, with its grounds."""
        if not grounds:
            raise InvalidInput("a refusal needs at least one ground", field="grounds")
        self._pending_review(revision)
        return [c.ReviewRefused(revision=revision, reviewer=reviewer, grounds=sorted(set(grounds)),
                                comment=comment, refused_on=today)]

    def publish(self, channels: list[c.Channel], revision: int | None, *, now: datetime) -> list[DomainEvent]:
        """Publish the current revision; only with an approved review of exactly that revision."""
        self._refuse_if_withdrawn()
        current = self.current
        self._require_current(revision if revision is not None else current.revision)
        if self.status is PublicationStatus.PUBLISHED:
            raise RuleViolation(f"revision {current.revision} is already published", field="revision")
        review = self.reviews.get(current.revision)
        if review is None or not review.approved:
            raise RuleViolation(f"revision {current.revision} has no approved confidentiality review"
                                " (先审查、后公开)", field="revision")
        if not channels:
            raise InvalidInput("publish on at least one channel", field="channels")
        return [c.PublicationPublished(
            revision=current.revision, channels=sorted(set(channels)), title=current.title,
            category=current.category, formed_on=current.formed_on, published_at=now,
        )]

    def withdraw(self, reason: str, *, now: datetime) -> list[DomainEvent]:
        """Take a published item down; the item is closed for good."""
        self._refuse_if_withdrawn()
        if self.published is None:
            raise RuleViolation("only a published item can be withdrawn", field="id")
        return [c.PublicationWithdrawn(revision=self.published.revision, reason=reason, withdrawn_at=now)]

    # -- checks --------------------------------------------------------------------

    def _refuse_if_withdrawn(self) -> None:
        if self.withdrawal is not None:
            raise RuleViolation("the item was withdrawn; draft a new one", field="id")

    def _require_current(self, revision: int) -> None:
        if revision != self.current.revision:
            raise RuleViolation(f"revision {revision} is not the current revision {self.current.revision}",
                                field="revision")

    def _pending_review(self, revision: int) -> None:
        self._refuse_if_withdrawn()
        review = self.reviews.get(revision)
        if review is None or review.decision is not None:
            raise RuleViolation(f"revision {revision} has no pending review", field="revision")
        self._require_current(revision)


_CONTENT_FIELDS = ("title", "body", "attachment", "category", "formed_on")


def _check_content(content: dict[str, Any], today: date) -> None:
    if not content.get("body") and content.get("attachment") is None:
        raise InvalidInput("an item needs a body or an attachment reference", field="body")
    check_date(content["formed_on"], today=today, not_before=None, field="formed_on")
