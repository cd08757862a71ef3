"""Folds of the petition events (信访): cases, leaders' reception days, deputies' suggestions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from services.petition import contract as p
from services.reporting.facts.fold import Event, Folded, as_date, run

CLOSED = {"closed", "declined", "transferred", "rechecked"}
DUE_FIELD = {"registered": "acceptance_due_on", "accepted": "handling_due_on", "handling": "handling_due_on",
             "review_requested": "review_due_on", "recheck_requested": "recheck_due_on"}


def _registered(s: dict[str, Any], e: Event) -> None:
    s.update(channel=e["channel"], village=e["village"], registered_on=e["registered_on"],
             group_visit=e["group_visit"], group_size=e["group_size"], bypassed_level=e["bypassed_level"],
             repeat_count=e["repeat_count"], acceptance_due_on=e["acceptance_due_on"], created=e["registered_at"])


def _decided(status: str, day: str) -> Any:
    def step(s: dict[str, Any], e: Event) -> None:
        s.update(status=status, decided_on=e[day], decision=status, decided_late=e["late"])
        if "handling_due_on" in e:
            s["handling_due_on"] = e["handling_due_on"]
    return step


def _satisfaction(s: dict[str, Any], e: Event) -> None:
    s["satisfaction"] = {**s["satisfaction"], e["stage"]: e["satisfaction"]}


def _requested(stage: str) -> Any:
    def step(s: dict[str, Any], e: Event) -> None:
        s.update({"status": f"{stage}_requested", f"{stage}_requested_on": e["requested_on"],
                  f"{stage}_due_on": e["decision_due_on"]})
    return step


def _opinion(stage: str, status: str) -> Any:
    def step(s: dict[str, Any], e: Event) -> None:
        s.update({"status": status, f"{stage}_on": e["decided_on"], f"{stage}_decision": e["decision"],
                  f"{stage}_late": e["late"]})
    return step


CASE_STEPS = {
    p.CaseRegistered.type: _registered,
    p.CaseAccepted.type: _decided("accepted", "accepted_on"),
    p.CaseDeclined.type: _decided("declined", "declined_on"),
    p.CaseTransferred.type: _decided("transferred", "transferred_on"),
    p.HandlingRecorded.type: lambda s, e: s.update(status="handling"),
    p.HandlingExtended.type: lambda s, e: s.update(extended=True, handling_due_on=e["handling_due_on"]),
    p.CaseReplied.type: lambda s, e: s.update(status="replied", replied_on=e["replied_on"], replied_late=e["late"],
                                              finding=e["finding"]),
    p.SatisfactionRecorded.type: _satisfaction,
    p.ReviewRequested.type: _requested("review"),
    p.CaseReviewed.type: _opinion("review", "reviewed"),
    p.RecheckRequested.type: _requested("recheck"),
    p.CaseRechecked.type: _opinion("recheck", "rechecked"),
    p.CaseReferredToMediation.type: lambda s, e: s.update(status="referred", referred_on=e["referred_on"]),
    p.CaseClosed.type: lambda s, e: s.update(status="closed", closed_on=e["closed_on"]),
}
CASE_START: dict[str, Any] = {
    "channel": None, "village": None, "registered_on": None, "group_visit": False, "group_size": 1,
    "bypassed_level": False, "repeat_count": 0, "status": "registered", "acceptance_due_on": None,
    "decision": None, "decided_on": None, "decided_late": None, "handling_due_on": None, "extended": False,
    "replied_on": None, "replied_late": None, "finding": None, "satisfaction": {}, "referred_on": None,
    "review_requested_on": None, "review_due_on": None, "review_on": None, "review_decision": None,
    "review_late": None, "recheck_requested_on": None, "recheck_due_on": None, "recheck_on": None,
    "recheck_decision": None, "recheck_late": None, "closed_on": None,
}


def fold_case(events: Iterable[Event]) -> Folded:
    """A petition; due for acceptance, handling, or the 复查/复核 opinion, whichever runs."""
    s = run(CASE_STEPS, CASE_START, events)
    field = DUE_FIELD.get(s["status"])
    due = as_date(s[field]) if field else None
    created = s.pop("created")
    return Folded(s, s["status"], s["village"], s["channel"], due, s["status"] not in CLOSED, created)


def _scheduled(s: dict[str, Any], e: Event) -> None:
    s.update(kind=e["kind"], day=e["day"], leader=e["leader"], participants=[x.get("role") for x in e["participants"]],
             created=e["day"] + "T00:00:00+08:00")


def _visitors(s: dict[str, Any], e: Event) -> None:
    s["recorded"] = {**s["recorded"], str(e["version"]): [e["visitors"], len(e["case_ids"])]}


RECEPTION_STEPS = {
    p.ReceptionScheduled.type: _scheduled,
    p.ReceptionHeld.type: lambda s, e: s.update(status="held", held_on=e["held_on"]),
    p.VisitorsRecorded.type: _visitors,
    p.ReceptionClosed.type: lambda s, e: s.update(status="closed", totals=[e["visitors"], len(e["case_ids"])]),
    p.ReceptionCancelled.type: lambda s, e: s.update(status="cancelled", cancelled_on=e["cancelled_on"]),
}


def fold_reception(events: Iterable[Event]) -> Folded:
    """A reception day (接访日); the closing totals win over the running tallies."""
    start = {"kind": None, "day": None, "leader": None, "participants": [], "status": "scheduled", "held_on": None,
             "recorded": {}, "totals": None, "cancelled_on": None}
    s = run(RECEPTION_STEPS, start, events)
    visitors, cases = s.pop("totals") or [sum(v[i] for v in s["recorded"].values()) for i in (0, 1)]
    s.update(visitors=visitors, cases_opened=cases)
    del s["recorded"]
    created = s.pop("created")
    due = as_date(s["day"]) if s["status"] == "scheduled" else None
    return Folded(s, s["status"], None, s["kind"], due, s["status"] in {"scheduled", "held"}, created)


def _answered(s: dict[str, Any], e: Event) -> None:
    s.update(status="answered", answers=s["answers"] + 1, last_answered_on=e["answered_on"])
    if e["round"] == 1:
        s.update(first_answered_on=e["answered_on"], first_answer_late=e["late"])


SUGGESTION_STEPS = {
    p.SuggestionReceived.type: lambda s, e: s.update(kind=e["kind"], received_on=e["received_on"],
                                                     created=e["received_at"]),
    p.SuggestionAssigned.type: lambda s, e: s.update(status="assigned", assigned_on=e["assigned_on"],
                                                     complex=e["complex"], answer_due_on=e["answer_due_on"]),
    p.SuggestionAnswered.type: _answered,
    p.FeedbackRecorded.type: lambda s, e: s.update(
        feedback=e["feedback"], status="unsatisfied" if e["feedback"] == p.Satisfaction.UNSATISFIED else "closed"),
    p.RehandlingStarted.type: lambda s, e: s.update(status="assigned", rehandled=s["rehandled"] + 1,
                                                    answer_due_on=e["answer_due_on"]),
}


def fold_suggestion(events: Iterable[Event]) -> Folded:
    """A deputy's suggestion or member's proposal; due while an answer is awaited."""
    start = {"kind": None, "received_on": None, "status": "received", "assigned_on": None, "complex": False,
             "answer_due_on": None, "answers": 0, "first_answered_on": None, "first_answer_late": None,
             "last_answered_on": None, "feedback": None, "rehandled": 0}
    s = run(SUGGESTION_STEPS, start, events)
    due = as_date(s["answer_due_on"]) if s["status"] == "assigned" else None
    created = s.pop("created")
    return Folded(s, s["status"], None, s["kind"], due, s["status"] != "closed", created)
