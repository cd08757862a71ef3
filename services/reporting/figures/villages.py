"""Per-village figures, and the "三零" villages (零上访, 零事故, 零案件) as far as the data reaches."""

from __future__ import annotations

from typing import Any

from fazhi.county import Township
from services.mediation.contract import Level
from services.reporting.facts.reader import Facts
from services.reporting.figures.period import Period, count, share
from services.reporting.figures.work import WorkRecords

# No service records accidents or criminal cases per village, so two of the three criteria stay unknown.
UNKNOWN_CRITERIA = {"zero_accidents": "no service records accidents per village",
                    "zero_cases": "no service records criminal or public-order cases per village"}


def _village(code: str, name: str, facts: Facts, records: WorkRecords, period: Period) -> dict[str, Any]:
    disputes = [d for d in facts["mediation.dispute"] if d["village"] == code]
    petitions = [p for p in facts["petition.case"] if p["village"] == code and period.holds(p["registered_on"])]
    rounds = [r for r in facts["mediation.screening"] if r["village"] == code and period.holds(r["month"])]
    activities = [a for a in records.publicity
                  if a["village"] == code and a["withdrawn_on"] is None and period.holds(a["held_on"])]
    bypassing = count(petitions, lambda p: p["bypassed_level"])
    return {
        "village": code, "name": name,
        "disputes_registered": count(disputes, lambda d: period.holds(d["registered_on"])),
        "agreed_in_village": count(disputes, lambda d: period.holds(d["agreed_on"])
                                   and d["agreed_level"] == Level.VILLAGE),
        "screening_rounds": len(rounds), "zero_reports": count(rounds, lambda r: r["zero_report"]),
        "petitions": len(petitions), "petitions_bypassing_level": bypassing,
        "group_petitions": count(petitions, lambda p: p["group_visit"]),
        "publicity_activities": len(activities), "publicity_participants": sum(a["participants"] for a in activities),
        "zero_petitions": bypassing == 0,  # 零上访: no petition from the village went past the township
        "zero_accidents": None, "zero_cases": None,
    }


def villages(township: Township, facts: Facts, records: WorkRecords, period: Period) -> dict[str, Any]:
    """One row per village of the township; the 三零 count covers the criterion the events support."""
    rows = [_village(v.code, v.name, facts, records, period) for v in township.villages]
    zero = count(rows, lambda r: r["zero_petitions"])
    return {
        "rows": rows,
        "three_zero": {"villages": len(rows), "zero_petitions": zero, "zero_petitions_share": share(zero, len(rows)),
                       "meeting_all_three": None, "unknown": UNKNOWN_CRITERIA},
    }
