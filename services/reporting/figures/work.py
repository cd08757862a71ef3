"""Figures of reporting's own work records: legal publicity, legal advisors, enforcement-staff training."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.reporting.contract import Theme
from services.reporting.figures.period import Period


@dataclass(frozen=True)
class WorkRecords:
    """The records' documents (`data` of each), withdrawn ones included; the figures leave those out."""

    publicity: list[dict[str, Any]] = field(default_factory=list)
    advisors: list[dict[str, Any]] = field(default_factory=list)
    trainings: list[dict[str, Any]] = field(default_factory=list)

    def of_township(self, township: str) -> WorkRecords:
        keep = lambda rows: [r for r in rows if r["township"] == township]  # noqa: E731
        return WorkRecords(keep(self.publicity), keep(self.advisors), keep(self.trainings))


def _held(rows: list[dict[str, Any]], period: Period) -> list[dict[str, Any]]:
    return [r for r in rows if r["withdrawn_on"] is None and period.holds(r["held_on"])]


def publicity(records: WorkRecords, period: Period) -> dict[str, Any]:
    """Activities held in the year, person-times, by theme, and the villages they reached."""
    held = _held(records.publicity, period)
    themes = {str(t): {"activities": 0, "participants": 0} for t in Theme}
    for r in held:
        themes[r["theme"]]["activities"] += 1
        themes[r["theme"]]["participants"] += r["participants"]
    return {
        "activities": len(held), "participants": sum(r["participants"] for r in held), "by_theme": themes,
        "township_wide": sum(1 for r in held if r["village"] is None),
        "villages_reached": len({(r["township"], r["village"]) for r in held if r["village"]}),
    }


def advisors(records: WorkRecords, period: Period) -> dict[str, Any]:
    """Contracts that ran during the year, the firms and villages they cover, and opinions heard in it."""
    running = [a for a in records.advisors
               if a["contract_start"] <= period.end.isoformat() and a["last_day"] >= period.start.isoformat()]
    opinions = sorted(({"given_on": o["given_on"], "subject": o["subject"], "law_firm": a["law_firm"]}
                       for a in running for o in a["opinions"] if period.holds(o["given_on"])),
                      key=lambda o: o["given_on"])
    return {
        "engagements": len(running),
        "law_firms": len({a["law_firm"] for a in running}),
        "government_advisor_firms": len({a["law_firm"] for a in running if a["advises_government"]}),
        "village_advisor_firms": len({a["law_firm"] for a in running if a["villages"]}),
        "villages_covered": len({(a["township"], v) for a in running for v in a["villages"]}),
        "opinions": len(opinions), "opinion_list": opinions,
    }


def trainings(records: WorkRecords, period: Period) -> dict[str, Any]:
    """Enforcement-staff trainings held in the year and their attendance (person-times)."""
    held = sorted(_held(records.trainings, period), key=lambda t: t["held_on"])
    return {"trainings": len(held), "attendees": sum(t["attendees"] for t in held),
            "topics": [t["topic"] for t in held]}
