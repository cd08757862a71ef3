"""Mediation figures (人民调解): disputes, outcomes, the two shares, screening, committees."""

from __future__ import annotations

from typing import Any

from services.mediation.contract import Category, Level, Performance, Source
from services.reporting.facts.reader import Facts
from services.reporting.figures.period import Period, count, share, tally

DEFINITIONS = {
    "resolved_in_village_share": "agreements reached by a village committee ÷ disputes concluded in the year"
                                 " (agreed, failed or handed to the county) — 小事不出村",
    "resolved_in_township_share": "agreements reached in the township (village or township committee) ÷ disputes"
                                  " concluded in the year — 大事不出乡",
}


def disputes(facts: Facts, period: Period) -> dict[str, Any]:
    """What happened to disputes in the year; each figure counts the events dated in it."""
    rows = facts["mediation.dispute"]
    new = [d for d in rows if period.holds(d["registered_on"])]
    agreed = [d for d in rows if period.holds(d["agreed_on"])]
    at_village = count(agreed, lambda d: d["agreed_level"] == Level.VILLAGE)
    failed = count(rows, lambda d: period.holds(d["failed_on"]))
    to_county = count(rows, lambda d: period.holds(d["escalated_county_on"]))
    concluded = len(agreed) + failed + to_county
    today = period.today.isoformat()
    return {
        "registered": len(new),
        "by_level": tally((d["level"] for d in new), Level),
        "by_source": tally((d["source"] for d in new), Source),
        "major": count(new, lambda d: d["severity"] == "major"),
        "people_involved": sum(d["people_involved"] for d in new),
        "accepted": count(rows, lambda d: period.holds(d["accepted_on"])),
        "declined": count(rows, lambda d: period.holds(d["declined_on"])),
        "agreed": len(agreed),
        "agreed_in_village": at_village,
        "agreed_in_township": len(agreed) - at_village,
        "written_agreements": count(agreed, lambda d: d["form"] == "written"),
        "failed": failed,
        "escalated_to_township": count(rows, lambda d: period.holds(d["escalated_township_on"])),
        "escalated_to_county": to_county,
        "concluded": concluded,
        "resolved_in_village_share": share(at_village, concluded),
        "resolved_in_township_share": share(len(agreed), concluded),
        "success_share": share(len(agreed), len(agreed) + failed),
        "performance": tally((d["performance"] for d in rows if period.holds(d["performance_checked_on"])),
                             Performance),
        "judicial_confirmations": count(rows, lambda d: period.holds(d["confirmation_applied_on"])),
        "follow_up_visits": sum(1 for d in rows for day in d["follow_ups"] if period.holds(day)),
        "closed": count(rows, lambda d: period.holds(d["closed_on"])),
        "referred_by_petition_desk": count(new, lambda d: d["referral"]),
        "open_today": count(rows, lambda d: d["status"] in {"registered", "accepted", "mediating"}),
        "overdue_today": count(rows, lambda d: d["status"] in {"registered", "accepted", "mediating"}
                               and d["due_on"] is not None and d["due_on"] < today),
        "definitions": DEFINITIONS,
    }


def by_category(facts: Facts, period: Period) -> dict[str, dict[str, int]]:
    """Registered, agreed and failed disputes of the year per category (婚姻家庭, 邻里…)."""
    rows = facts["mediation.dispute"]
    return {str(cat): {
        "registered": count(rows, lambda d: d["category"] == cat and period.holds(d["registered_on"])),
        "agreed": count(rows, lambda d: d["category"] == cat and period.holds(d["agreed_on"])),
        "failed": count(rows, lambda d: d["category"] == cat and period.holds(d["failed_on"])),
    } for cat in Category}


def screening(facts: Facts, period: Period) -> dict[str, Any]:
    """Monthly screening rounds (排查) reported for months of the year, and how many were zero-reports."""
    rounds = [r for r in facts["mediation.screening"] if period.holds(r["month"])]
    return {
        "rounds": len(rounds),
        "zero_reports": count(rounds, lambda r: r["zero_report"]),
        "disputes_found": sum(r["disputes"] for r in rounds),
        "villages_reporting": len({(r["township"], r["village"]) for r in rounds}),
    }


def committees(facts: Facts) -> dict[str, Any]:
    """The committees as they stand: the mediation network and its mediators."""
    rows = facts["mediation.committee"]
    levels = {c["level"] for c in rows}
    return {
        "committees": len(rows),
        "township_committees": count(rows, lambda c: c["level"] == Level.TOWNSHIP),
        "village_committees": count(rows, lambda c: c["level"] == Level.VILLAGE),
        "network_levels": len(levels & {Level.TOWNSHIP, Level.VILLAGE}),
        "members": sum(c["members"] for c in rows),
        "full_time_mediators": sum(c["full_time"] for c in rows),
        "women": sum(c["women"] for c in rows),
    }
