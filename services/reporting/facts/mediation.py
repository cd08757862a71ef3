"""Folds of the mediation events (人民调解): disputes, committees, screening rounds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from services.mediation import contract as m
from services.reporting.facts.fold import Event, Folded, as_date, run

OPEN = {"registered", "accepted", "mediating", "agreed", "failed"}
CONCLUDING = {"registered", "accepted", "mediating"}  # the time to conclude runs
OUTCOMES = ("agreed_on", "agreed_level", "failed_on", "confirmation_applied_on", "performance",
            "performance_checked_on")


def _registered(s: dict[str, Any], e: Event) -> None:
    s.update(village=e["village"], level=e["level"], category=e["category"], source=e["source"],
             registered_on=e["registered_on"], people_involved=e["people_involved"], due_on=e["due_on"],
             created=e["registered_at"], referral=e.get("referral_case_id") is not None)


def _accepted(s: dict[str, Any], e: Event) -> None:
    s.update(status="accepted", accepted_on=e["accepted_on"], due_on=e["due_on"])


def _agreed(s: dict[str, Any], e: Event) -> None:
    s.update(status="agreed", agreed_on=e["agreed_on"], agreed_level=s["level"], form=e["form"],
             confirmation_by=e["confirmation_by"])


def _reopened(s: dict[str, Any], e: Event) -> None:
    # A new round of mediation: the earlier outcome stays in the mediation service's history only.
    s.update({k: None for k in OUTCOMES})
    s.update(status="accepted", due_on=e["due_on"], closed_on=None, reopened=s["reopened"] + 1)


def _escalated(s: dict[str, Any], e: Event) -> None:
    if e["to_level"] == m.EscalationLevel.COUNTY:
        s.update(status="escalated", escalated_county_on=e["escalated_on"], due_on=None)
        return
    s.update(level="township", escalated_township_on=e["escalated_on"], due_on=e["due_on"], failed_on=None)
    if s["status"] != "registered":
        s["status"] = "accepted"


DISPUTE_STEPS = {
    m.DisputeRegistered.type: _registered,
    m.DisputeClassified.type: lambda s, e: s.update(severity=e["severity"]),
    m.FactsRevised.type: lambda s, e: s.update(people_involved=e["people_involved"]),
    m.DisputeAccepted.type: _accepted,
    m.DisputeDeclined.type: lambda s, e: s.update(status="declined", declined_on=e["declined_on"]),
    m.SessionRecorded.type: lambda s, e: s.update(status="mediating", sessions=s["sessions"] + 1),
    m.AgreementReached.type: _agreed,
    m.MediationFailed.type: lambda s, e: s.update(status="failed", failed_on=e["failed_on"]),
    m.ConfirmationApplied.type: lambda s, e: s.update(confirmation_applied_on=e["applied_on"]),
    m.PerformanceRecorded.type: lambda s, e: s.update(performance=e["performance"],
                                                      performance_checked_on=e["checked_on"]),
    m.FollowUpRecorded.type: lambda s, e: s.update(follow_ups=[*s["follow_ups"], e["visited_on"]]),
    m.DisputeClosed.type: lambda s, e: s.update(status="closed", closed_on=e["closed_on"]),
    m.DisputeReopened.type: _reopened,
    m.DisputeEscalated.type: _escalated,
}
DISPUTE_START: dict[str, Any] = {
    "village": None, "level": None, "category": None, "source": None, "registered_on": None, "people_involved": 0,
    "referral": False, "severity": "normal", "status": "registered", "accepted_on": None, "declined_on": None,
    "sessions": 0, "form": None, "confirmation_by": None, "follow_ups": [], "closed_on": None, "reopened": 0,
    "escalated_township_on": None, "escalated_county_on": None, "due_on": None, **{k: None for k in OUTCOMES},
}


def fold_dispute(events: Iterable[Event]) -> Folded:
    """A dispute's summary; only an unconcluded mediation is due (like the mediation desk's own list)."""
    s = run(DISPUTE_STEPS, DISPUTE_START, events)
    due = as_date(s["due_on"]) if s["status"] in CONCLUDING else None
    created = s.pop("created")
    return Folded(s, s["status"], s["village"], s["category"], due, s["status"] in OPEN, created)


def _members(s: dict[str, Any], e: Event) -> None:
    members = e["members"]
    s.update(members=len(members), full_time=sum(x.get("kind") == m.MediatorKind.FULL_TIME for x in members),
             women=sum(x.get("gender") == m.Gender.FEMALE for x in members))
    for key in ("term_start", "term_end"):
        if key in e:
            s[key] = e[key]


def _committee(s: dict[str, Any], e: Event) -> None:
    s.update(level=e["level"], village=e["village"], created=e["term_start"] + "T00:00:00+08:00")
    _members(s, e)


COMMITTEE_STEPS = {
    m.CommitteeRegistered.type: _committee,
    m.CommitteeMembersChanged.type: _members,
    m.CommitteeTermRenewed.type: _members,
}
COMMITTEE_START = {"level": None, "village": None, "members": 0, "full_time": 0, "women": 0,
                   "term_start": None, "term_end": None}


def fold_committee(events: Iterable[Event]) -> Folded:
    """A mediation committee: its level, members and term; its term's end is a deadline."""
    s = run(COMMITTEE_STEPS, COMMITTEE_START, events)
    created = s.pop("created")
    return Folded(s, "active", s["village"], s["level"], as_date(s["term_end"]), True, created)


def _screened(s: dict[str, Any], e: Event) -> None:
    s.update(village=e["village"], month=e["month"], zero_report=e["zero_report"], disputes=len(e["dispute_ids"]),
             reported_on=e["reported_on"], created=e["reported_on"] + "T00:00:00+08:00")


def fold_screening(events: Iterable[Event]) -> Folded:
    """A village's monthly screening round, or its zero-report."""
    s = run({m.ScreeningReported.type: _screened},
            {"village": None, "month": None, "zero_report": False, "disputes": 0, "reported_on": None}, events)
    created = s.pop("created")
    return Folded(s, "reported", s["village"], None, None, False, created)
