"""The statistics of a township or of the county for a year: every figure in one document."""

from __future__ import annotations

from typing import Any

from fazhi.county import County, Township
from services.reporting.facts.reader import Facts
from services.reporting.figures import disclosure, mediation, petition, publications, work
from services.reporting.figures.period import Period, share
from services.reporting.figures.villages import villages
from services.reporting.figures.work import WorkRecords

# Figures the issue asks for that the producers' events cannot support yet.
NOT_IN_THE_EVENTS = [
    "三零: 零事故 and 零案件 per village — no service records accidents or criminal cases",
    "table 二: 行政许可, 行政处罚, 行政强制 decisions and 行政事业性收费 — the disclosure events carry no"
    " administrative decisions or charges (publications of category administrative_enforcement are items,"
    " not decisions)",
    "table 四: one administrative review and one lawsuit per application — the events carry no case id of their own",
]


def _sections(facts: Facts, records: WorkRecords, period: Period) -> dict[str, Any]:
    return {
        "mediation": {
            "disputes": mediation.disputes(facts, period), "by_category": mediation.by_category(facts, period),
            "screening": mediation.screening(facts, period), "committees": mediation.committees(facts),
        },
        "disclosure": {
            "applications": disclosure.replies(facts, period), "table_three": disclosure.table_three(facts, period),
            "table_four": disclosure.table_four(facts, period), "proactive": publications.proactive(facts, period),
            "normative_documents": publications.normative_documents(facts, period),
        },
        "petition": {
            "cases": petition.cases(facts, period), "receptions": petition.receptions(facts, period),
            "suggestions": petition.suggestions(facts, period),
        },
        "work_records": {
            "publicity": work.publicity(records, period), "advisors": work.advisors(records, period),
            "trainings": work.trainings(records, period),
        },
    }


def township_statistics(township: Township, facts: Facts, records: WorkRecords, period: Period) -> dict[str, Any]:
    """Every figure of one township for the year, with a row per village."""
    return {
        "scope": "township", "township": township.code, "name": township.name, "year": period.year,
        "as_of": period.today.isoformat(), **_sections(facts, records, period),
        "villages": villages(township, facts, records, period), "not_in_the_events": NOT_IN_THE_EVENTS,
    }


def comparison_row(stats: dict[str, Any]) -> dict[str, Any]:
    """The figures the county compares townships on, from a township's statistics."""
    m, d, p, w = stats["mediation"], stats["disclosure"], stats["petition"], stats["work_records"]
    return {
        "township": stats["township"], "name": stats["name"],
        "disputes_registered": m["disputes"]["registered"], "disputes_agreed": m["disputes"]["agreed"],
        "resolved_in_village_share": m["disputes"]["resolved_in_village_share"],
        "resolved_in_township_share": m["disputes"]["resolved_in_township_share"],
        "screening_rounds": m["screening"]["rounds"], "full_time_mediators": m["committees"]["full_time_mediators"],
        "applications": d["applications"]["received"], "reply_rate": d["applications"]["reply_rate"],
        "on_time_rate": d["applications"]["on_time_rate"], "items_published": d["proactive"]["published"],
        "petitions": p["cases"]["registered"], "petition_reply_on_time_rate": p["cases"]["reply_on_time_rate"],
        "petition_satisfaction_rate": p["cases"]["satisfaction_rate"], "reception_days": p["receptions"]["held"],
        "visitors_received": p["receptions"]["visitors"], "suggestions_on_time_rate": p["suggestions"]["on_time_rate"],
        "publicity_activities": w["publicity"]["activities"], "publicity_participants": w["publicity"]["participants"],
        "zero_petition_villages_share": stats["villages"]["three_zero"]["zero_petitions_share"],
    }


def county_statistics(county: County, facts: Facts, records: WorkRecords, period: Period) -> dict[str, Any]:
    """The county's figures (every township's facts together) and a table comparing the townships."""
    per_township = [township_statistics(t, facts.of_township(t.code), records.of_township(t.code), period)
                    for t in county.townships]
    villages_total = sum(s["villages"]["three_zero"]["villages"] for s in per_township)
    zero = sum(s["villages"]["three_zero"]["zero_petitions"] for s in per_township)
    return {
        "scope": "county", "county": county.code, "name": county.name, "year": period.year,
        "as_of": period.today.isoformat(), **_sections(facts, records, period),
        "three_zero": {"villages": villages_total, "zero_petitions": zero,
                       "zero_petitions_share": share(zero, villages_total)},
        "townships": [comparison_row(s) for s in per_township], "not_in_the_events": NOT_IN_THE_EVENTS,
    }
