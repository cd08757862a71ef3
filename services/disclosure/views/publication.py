"""A publication as read-model documents: the desk's view, and the public one apart from it.

The public document holds only what was published, so a public route cannot show a draft,
a reviewer or a comment: it never reads the desk's document.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.pii import mask, shape_of, with_parts
from fazhi.store import Document
from fazhi.workdays import WorkCalendar
from services.disclosure import contract as c
from services.disclosure.contract import MANDATORY_CATEGORIES
from services.disclosure.domain.deadlines import publication_due
from services.disclosure.domain.publication import Publication
from services.disclosure.domain.publication_state import Review
from services.disclosure.views import DICTIONARY

COLLECTION = Publication.stream_type
PUBLIC_COLLECTION = "publication_public"
LABELLED = {"status": "publication_status", "category": "category", "channels": "channel"}
SHAPE = with_parts(  # the desk's document: the current revision, its reviews, publication, withdrawal
    shape_of(c.PublicationDrafted), reviews=shape_of(c.ReviewRefused), published=shape_of(c.PublicationPublished),
    withdrawn=shape_of(c.PublicationWithdrawn),
)
PUBLIC_SHAPE = shape_of(c.PublicationDrafted)  # the public one holds title, body and attachment only


def publication_documents(item: Publication, calendar: WorkCalendar) -> list[Document]:
    """The desk's document, plus the public one once something was published."""
    current = item.current
    due_on, provisional = publication_due(current.formed_on, calendar)
    waiting = item.awaiting_publication
    data = {
        "id": item.id, "township": item.township, "version": item.version, "status": item.status,
        **current.model_dump(mode="json", exclude={"drafted_at"}),
        "mandatory": current.category in MANDATORY_CATEGORIES,
        "due_on": due_on.isoformat(), "provisional": provisional, "awaiting_publication": waiting,
        "reviews": [_review(r) for r in sorted(item.reviews.values(), key=lambda r: r.revision)],
        "published": item.published.model_dump(mode="json") if item.published else None,
        "withdrawn": item.withdrawal.model_dump(mode="json") if item.withdrawal else None,
        "drafted_at": item.revisions[1].model_dump(mode="json")["drafted_at"],
    }
    docs = [Document(COLLECTION, item.id, item.township, item.version, data, status=item.status,
                     category=current.category, due_on=due_on if waiting else None, is_open=waiting,
                     created_at=item.drafted_at)]
    if item.published is not None:
        docs.append(_public_document(item))
    return docs


def render_publication(data: dict[str, Any], today: date) -> dict[str, Any]:
    """The desk's JSON: the stored view plus whether it is overdue today."""
    overdue = data["awaiting_publication"] and date.fromisoformat(data["due_on"]) < today
    return DICTIONARY.label({**data, "overdue": overdue}, LABELLED)


def render_public(doc: Document) -> dict[str, Any]:
    return DICTIONARY.label(dict(doc.data), LABELLED)


def _public_document(item: Publication) -> Document:
    published = item.published
    assert published is not None
    content = item.revisions[published.revision]
    attachment = content.attachment
    data = mask(PUBLIC_SHAPE, {
        "id": item.id,
        "title": content.title,
        "category": content.category,
        "body": content.body,
        "attachment": attachment.model_dump(mode="json") if attachment else None,
        "channels": list(published.channels),
        "published_at": published.model_dump(mode="json")["published_at"],
    })
    return Document(PUBLIC_COLLECTION, item.id, item.township, item.version, data, status="published",
                    category=content.category, is_open=item.withdrawal is None,
                    created_at=published.published_at)


def _review(review: Review) -> dict[str, Any]:
    decision = review.decision.model_dump(mode="json") if review.decision else {}
    status = "pending" if review.decision is None else ("approved" if review.approved else "refused")
    return {"revision": review.revision, "submitted_on": review.submitted_on.isoformat(), "status": status,
            **{k: v for k, v in decision.items() if k != "revision"}}
