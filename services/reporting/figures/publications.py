"""Proactive disclosure figures (主动公开): items published, reviewed, withdrawn; table 二's documents."""

from __future__ import annotations

from typing import Any

from services.disclosure.contract import MANDATORY_CATEGORIES, Category, Channel
from services.reporting.facts.disclosure import in_force
from services.reporting.facts.reader import Facts
from services.reporting.figures.period import Period, count, share, tally


def _reviews(rows: list[dict[str, Any]], period: Period, verdict: str) -> int:
    return sum(1 for p in rows for day, said in p["reviews"] if said == verdict and period.holds(day))


def _withdrawn_in(p: dict[str, Any], period: Period) -> bool:
    return any(what == "withdrawn" and period.holds(day) for day, what in p["timeline"])


def proactive(facts: Facts, period: Period) -> dict[str, Any]:
    """Items first published in the year, by category and channel; reviews (保密审查) decided in it."""
    rows = facts["disclosure.publication"]
    published = [p for p in rows if period.holds(p["first_published_on"])]
    on_time = count(published, lambda p: p["published_on_time"] is True)
    return {
        "published": len(published),
        "published_on_time": on_time,
        "on_time_rate": share(on_time, len(published)),
        "mandatory_items": count(published, lambda p: p["category"] in MANDATORY_CATEGORIES),
        "by_category": tally((p["category"] for p in published), Category),
        "by_channel": tally((ch for p in published for ch in p["channels"]), Channel),
        "reviews_approved": _reviews(rows, period, "approved"),
        "reviews_refused": _reviews(rows, period, "refused"),
        "withdrawn": count(rows, lambda p: _withdrawn_in(p, period)),
        "unpublished_past_due": count(rows, lambda p: p["first_published_on"] is None and p["status"] != "withdrawn"
                                      and p["publish_by"] is not None
                                      and p["publish_by"] < min(period.end, period.today).isoformat()),
    }


def normative_documents(facts: Facts, period: Period) -> dict[str, int]:
    """Table 二, 行政规范性文件: issued (first published) and repealed (withdrawn) in the year, in force at its end."""
    rows = [p for p in facts["disclosure.publication"] if p["category"] == Category.REGULATORY_DOCUMENT]
    return {
        "issued": count(rows, lambda p: period.holds(p["first_published_on"])),
        "repealed": count(rows, lambda p: _withdrawn_in(p, period)),
        "in_force": count(rows, lambda p: in_force(p["timeline"], min(period.end, period.today))),
    }
