"""Folds of the disclosure events (政府信息公开): applications and proactive publications."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from fazhi.workdays import WorkCalendar
from services.disclosure import contract as d
from services.reporting.facts.fold import Event, Folded, as_date, run

PROACTIVE_WORKDAYS = 20  # published within 20 working days of being formed or changed (GIS Art. 26)
CONCLUDED = {"answered", "abandoned"}
RUNNING = {"received", "extended"}  # the reply period runs; paused during correction and consultation


def _received(s: dict[str, Any], e: Event) -> None:
    s.update(channel=e["channel"], applicant_type=e["applicant_type"], org_type=e["org_type"],
             received_on=e["received_on"], due_on=e["due_on"], created=e["registered_at"])


def _concluded(status: str, day: str) -> Any:
    def step(s: dict[str, Any], e: Event) -> None:
        # The concluding event repeats who applied, so table 三 is right even if the receipt event is missing.
        s.update(status=status, outcome=e["outcome"], concluded_on=e[day], on_time=e["on_time"],
                 applicant_type=e["applicant_type"], org_type=e["org_type"], received_on=e["received_on"])
        s["extended"] = s["extended"] or bool(e.get("extended"))
    return step


def _resumed(s: dict[str, Any], e: Event) -> None:
    s.update(status="extended" if s["extended"] else "received", due_on=e["due_on"])


def _fee(s: dict[str, Any], e: Event) -> None:
    s["fees"] = [*s["fees"], [e["charged_on"], str(Decimal(str(e["amount"])))]]


REQUEST_STEPS = {
    d.RequestReceived.type: _received,
    d.CorrectionAsked.type: lambda s, e: s.update(status="correction", corrections=s["corrections"] + 1),
    d.CorrectionReceived.type: _resumed,
    d.ConsultationStarted.type: lambda s, e: s.update(status="consultation", consultations=s["consultations"] + 1),
    d.ConsultationAnswered.type: _resumed,
    d.RequestExtended.type: lambda s, e: s.update(status="extended", extended=True, due_on=e["extended_due_on"]),
    d.FeeCharged.type: _fee,
    d.RequestAnswered.type: _concluded("answered", "answered_on"),
    d.RequestAbandoned.type: _concluded("abandoned", "closed_on"),
    d.AdministrativeReviewRecorded.type: lambda s, e: s.update(
        review={"filed_on": e["filed_on"], "result": e["result"]}),
    d.AdministrativeReviewDecided.type: lambda s, e: s.update(review={**(s["review"] or {}), "result": e["result"]}),
    d.LawsuitRecorded.type: lambda s, e: s.update(
        lawsuit={"filed_on": e["filed_on"], "after_review": e["after_review"], "result": e["result"]}),
    d.LawsuitDecided.type: lambda s, e: s.update(lawsuit={**(s["lawsuit"] or {}), "result": e["result"]}),
}
REQUEST_START: dict[str, Any] = {
    "channel": None, "applicant_type": None, "org_type": None, "received_on": None, "due_on": None,
    "status": "received", "extended": False, "corrections": 0, "consultations": 0, "fees": [],
    "outcome": None, "concluded_on": None, "on_time": None, "review": None, "lawsuit": None,
}


def fold_request(events: Iterable[Event]) -> Folded:
    """An application (依申请公开); due while its reply period runs."""
    s = run(REQUEST_STEPS, REQUEST_START, events)
    due = as_date(s["due_on"]) if s["status"] in RUNNING else None
    created = s.pop("created")
    return Folded(s, s["status"], None, s["applicant_type"], due, s["status"] not in CONCLUDED, created)


def _content(s: dict[str, Any], e: Event) -> None:
    s.update(title=e["title"], category=e["category"], formed_on=e["formed_on"], revision=e["revision"])
    if "drafted_at" in e:
        s["created"] = e["drafted_at"]


def _revised(s: dict[str, Any], e: Event) -> None:
    _content(s, e)
    s["status"] = "drafted"


def _published(s: dict[str, Any], e: Event) -> None:
    day = e["published_at"][:10]
    if s["first_published_on"] is None:
        s.update(first_published_on=day, first_formed_on=e["formed_on"])
    s.update(status="published", title=e["title"], category=e["category"], channels=e["channels"],
             timeline=[*s["timeline"], [day, "published"]])


def _reviewed(verdict: str, day: str) -> Any:
    def step(s: dict[str, Any], e: Event) -> None:
        s.update(status="drafted" if verdict == "refused" else "approved", reviews=[*s["reviews"], [e[day], verdict]])
    return step


PUBLICATION_STEPS = {
    d.PublicationDrafted.type: _content,
    d.PublicationRevised.type: _revised,
    d.ReviewSubmitted.type: lambda s, e: s.update(status="in_review"),
    d.ReviewApproved.type: _reviewed("approved", "approved_on"),
    d.ReviewRefused.type: _reviewed("refused", "refused_on"),
    d.PublicationPublished.type: _published,
    d.PublicationWithdrawn.type: lambda s, e: s.update(
        status="withdrawn", timeline=[*s["timeline"], [e["withdrawn_at"][:10], "withdrawn"]]),
}
PUBLICATION_START: dict[str, Any] = {
    "title": None, "category": None, "formed_on": None, "revision": 0, "status": "drafted", "channels": [],
    "first_formed_on": None, "first_published_on": None, "timeline": [], "reviews": [],
}


def fold_publication(events: Iterable[Event], calendar: WorkCalendar) -> Folded:
    """A proactive item; until it is first published it is due 20 working days after it was formed."""
    s = run(PUBLICATION_STEPS, PUBLICATION_START, events)
    unpublished = s["first_published_on"] is None
    formed = as_date(s["formed_on"] if unpublished else s["first_formed_on"])
    s["publish_by"] = calendar.add_workdays(formed, PROACTIVE_WORKDAYS).on.isoformat() if formed else None
    s["published_on_time"] = None if unpublished or not formed else s["first_published_on"] <= s["publish_by"]
    due = as_date(s["publish_by"]) if unpublished else None
    created = s.pop("created")
    return Folded(s, s["status"], None, s["category"], due, unpublished and s["status"] != "withdrawn", created)


def in_force(timeline: list[list[str]], day: date) -> bool:
    """Whether an item stood published on `day` (published, not withdrawn since)."""
    last = [what for when, what in sorted(timeline) if when <= day.isoformat()]
    return bool(last) and last[-1] == "published"
