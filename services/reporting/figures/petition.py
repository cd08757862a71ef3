"""Petition figures (信访): cases by channel and what came of them, receptions, deputies' suggestions."""

from __future__ import annotations

from typing import Any

from services.petition.contract import Channel, Decision, ReceptionKind, Satisfaction, SuggestionKind
from services.reporting.facts.reader import Facts
from services.reporting.figures.period import Period, count, share, tally

OPEN = {"registered", "accepted", "handling", "review_requested", "recheck_requested"}
CONTENT = {Satisfaction.SATISFIED, Satisfaction.BASICALLY}


def _stage(rows: list[dict[str, Any]], period: Period, stage: str) -> dict[str, Any]:
    """复查 or 复核: requested and decided in the year, decisions by kind, and how many came late."""
    decided = [r for r in rows if period.holds(r[f"{stage}_on"])]
    return {"requested": count(rows, lambda r: period.holds(r[f"{stage}_requested_on"])),
            "decided": len(decided), "decisions": tally((r[f"{stage}_decision"] for r in decided), Decision),
            "late": count(decided, lambda r: r[f"{stage}_late"] is True)}


def cases(facts: Facts, period: Period) -> dict[str, Any]:
    """Petitions registered in the year and the decisions, replies and opinions dated in it."""
    rows = facts["petition.case"]
    new = [r for r in rows if period.holds(r["registered_on"])]
    decided = [r for r in rows if period.holds(r["decided_on"])]
    replied = [r for r in rows if period.holds(r["replied_on"])]
    rated = [r["satisfaction"]["reply"] for r in replied if "reply" in r["satisfaction"]]
    today = period.today.isoformat()
    return {
        "registered": len(new),
        "by_channel": tally((r["channel"] for r in new), Channel),
        "group_visits": count(new, lambda r: r["group_visit"]),
        "people_in_group_visits": sum(r["group_size"] for r in new if r["group_visit"]),
        "bypassed_level": count(new, lambda r: r["bypassed_level"]),
        "repeat": count(new, lambda r: r["repeat_count"] > 0),
        "accepted": count(decided, lambda r: r["decision"] == "accepted"),
        "declined": count(decided, lambda r: r["decision"] == "declined"),
        "transferred": count(decided, lambda r: r["decision"] == "transferred"),
        "decided_on_time": count(decided, lambda r: r["decided_late"] is False),
        "acceptance_on_time_rate": share(count(decided, lambda r: r["decided_late"] is False), len(decided)),
        "referred_to_mediation": count(rows, lambda r: period.holds(r["referred_on"])),
        "extended": count(replied, lambda r: r["extended"]),
        "replied": len(replied),
        "replied_on_time": count(replied, lambda r: r["replied_late"] is False),
        "reply_on_time_rate": share(count(replied, lambda r: r["replied_late"] is False), len(replied)),
        "satisfaction": tally(rated, Satisfaction),
        "satisfaction_rate": share(sum(1 for s in rated if s in CONTENT), len(rated)),
        "review": _stage(rows, period, "review"),
        "recheck": _stage(rows, period, "recheck"),
        "closed": count(rows, lambda r: period.holds(r["closed_on"])),
        "open_today": count(rows, lambda r: r["status"] in OPEN),
        "overdue_today": count(rows, lambda r: r["status"] in OPEN and _due(r) is not None and _due(r) < today),
    }


def _due(case: dict[str, Any]) -> str | None:
    field = {"registered": "acceptance_due_on", "review_requested": "review_due_on",
             "recheck_requested": "recheck_due_on"}.get(case["status"], "handling_due_on")
    return case[field]


def receptions(facts: Facts, period: Period) -> dict[str, Any]:
    """Leaders' reception days (定期接访) and joint "两代表一委员" receptions held in the year."""
    held = [r for r in facts["petition.reception_day"]
            if r["status"] in {"held", "closed"} and period.holds(r["held_on"] or r["day"])]
    return {
        "held": len(held),
        "by_kind": tally((r["kind"] for r in held), ReceptionKind),
        "visitors": sum(r["visitors"] for r in held),
        "cases_opened": sum(r["cases_opened"] for r in held),
        "leaders": len({r["leader"] for r in held if r["leader"]}),
        "cancelled": count(facts["petition.reception_day"], lambda r: period.holds(r["cancelled_on"])),
    }


def suggestions(facts: Facts, period: Period) -> dict[str, Any]:
    """Deputies' suggestions and members' proposals: received, answered (on time), the authors' feedback."""
    rows = facts["petition.suggestion"]
    answered = [s for s in rows if period.holds(s["first_answered_on"])]
    on_time = count(answered, lambda s: s["first_answer_late"] is False)
    feedback = [s["feedback"] for s in answered if s["feedback"]]
    return {
        "received": count(rows, lambda s: period.holds(s["received_on"])),
        "by_kind": tally((s["kind"] for s in rows if period.holds(s["received_on"])), SuggestionKind),
        "answered": len(answered), "answered_on_time": on_time, "on_time_rate": share(on_time, len(answered)),
        "feedback": tally(feedback, Satisfaction),
        "satisfaction_rate": share(sum(1 for f in feedback if f in CONTENT), len(feedback)),
        "rehandled": count(answered, lambda s: s["rehandled"] > 0),
    }
