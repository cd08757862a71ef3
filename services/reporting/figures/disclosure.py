"""Disclosure figures (政府信息公开): applications as table 三 counts them, replies, and table 四."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from services.disclosure.contract import APPLICANT_COLUMNS, ApplicantType, CaseResult, Outcome
from services.reporting.facts.reader import Facts
from services.reporting.figures.period import Period, count, share

COLUMNS = [str(c) for c in APPLICANT_COLUMNS]  # 自然人, then the five kinds of 法人或其他组织
RESULTS = [str(r) for r in CaseResult]


def column_of(request: dict[str, Any]) -> str:
    """The table 三 column of an application: the natural person, or the kind of organization."""
    if request["applicant_type"] == ApplicantType.NATURAL_PERSON or request["applicant_type"] is None:
        return str(ApplicantType.NATURAL_PERSON)
    return request["org_type"] or "other"


def _per_column(rows: list[dict[str, Any]]) -> dict[str, int]:
    cells = {c: 0 for c in COLUMNS}
    for row in rows:
        cells[column_of(row)] += 1
    return {**cells, "total": len(rows)}


def table_three(facts: Facts, period: Period) -> dict[str, Any]:
    """Rows 一 (new), 二 (carried over), 三 (results by outcome, 七 total), 四 (carried forward), per column."""
    rows = facts["disclosure.request"]
    concluded_by_end = lambda r: period.by_end(r["concluded_on"])  # noqa: E731
    new = [r for r in rows if period.holds(r["received_on"])]
    carried = [r for r in rows if period.before(r["received_on"]) and not period.before(r["concluded_on"])]
    done = [r for r in new + carried if period.holds(r["concluded_on"])]
    forward = [r for r in new + carried if not concluded_by_end(r)]
    outcomes = {str(o): _per_column([r for r in done if r["outcome"] == o]) for o in Outcome}
    table = {"new": _per_column(new), "carried_over": _per_column(carried), "outcomes": outcomes,
             "concluded": _per_column(done), "carried_forward": _per_column(forward)}
    table["check"] = {c: table["new"][c] + table["carried_over"][c]
                      == table["concluded"][c] + table["carried_forward"][c] for c in [*COLUMNS, "total"]}
    table["check_holds"] = all(table["check"].values())
    return table


def replies(facts: Facts, period: Period) -> dict[str, Any]:
    """Reply rate (concluded ÷ concluded plus those past due unanswered) and on-time rate, with what they rest on."""
    rows = facts["disclosure.request"]
    done = [r for r in rows if period.holds(r["concluded_on"])]
    as_of = min(period.end, period.today).isoformat()
    late_open = count(rows, lambda r: r["due_on"] is not None and r["due_on"] < as_of and r["received_on"]
                      and not period.by_end(r["concluded_on"]) and r["status"] not in {"correction", "consultation"})
    on_time = count(done, lambda r: r["on_time"] is True)
    fees = [(day, Decimal(amount)) for r in rows for day, amount in r["fees"] if period.holds(day)]
    return {
        "received": count(rows, lambda r: period.holds(r["received_on"])),
        "concluded": len(done), "concluded_on_time": on_time, "unanswered_past_due": late_open,
        "reply_rate": share(len(done), len(done) + late_open), "on_time_rate": share(on_time, len(done)),
        "extended": count(done, lambda r: r["extended"]),
        "corrections_asked": sum(r["corrections"] for r in rows if period.holds(r["received_on"])),
        "consultations": sum(r["consultations"] for r in rows if period.holds(r["received_on"])),
        "fees_charged": len(fees), "fee_amount": str(sum((a for _, a in fees), Decimal(0))),
    }


def _results(cases: list[dict[str, Any]]) -> dict[str, int]:
    cells = {r: count(cases, lambda c, r=r: c["result"] == r) for r in RESULTS}
    return {**cells, "total": len(cases)}


def table_four(facts: Facts, period: Period) -> dict[str, dict[str, int]]:
    """Administrative reviews and lawsuits filed in the year, by their latest result (尚未审结 while pending)."""
    rows = facts["disclosure.request"]
    reviews = [r["review"] for r in rows if r["review"] and period.holds(r["review"]["filed_on"])]
    suits = [r["lawsuit"] for r in rows if r["lawsuit"] and period.holds(r["lawsuit"]["filed_on"])]
    return {
        "review": _results(reviews),
        "lawsuit_direct": _results([s for s in suits if not s["after_review"]]),
        "lawsuit_after_review": _results([s for s in suits if s["after_review"]]),
    }
