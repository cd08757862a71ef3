"""The figures of the generated year, counted straight from its plans (no reporting code); support module (no tests)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.integration.test_reporting_year_data import YEAR, Plan, Year

START, END = date(YEAR, 1, 1), date(YEAR, 12, 31)
COLUMNS = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_organization",
           "legal_services_organization", "other"]


def within(day: date | None) -> bool:
    return day is not None and START <= day <= END


def n(plans: list[Plan], keep: Any) -> int:
    return sum(1 for x in plans if keep(x))


def mediation(year: Year, township: str | None) -> dict[str, Any]:
    disputes, rounds = year.of("dispute", township), year.of("screening", township)
    committees = year.of("committee", township)
    return {
        "registered": n(disputes, lambda x: within(x.registered_on)),
        "major": n(disputes, lambda x: x.major),
        "agreed": n(disputes, lambda x: within(x.agreed_on)),
        "agreed_in_village": n(disputes, lambda x: within(x.agreed_on) and x.agreed_level == "village"),
        "failed": n(disputes, lambda x: within(x.failed_on)),
        "escalated_to_county": n(disputes, lambda x: within(x.county_on)),
        "judicial_confirmations": n(disputes, lambda x: within(x.confirmed_on)),
        "follow_up_visits": sum(1 for x in disputes for day in x.follow_ups if within(day)),
        "performed_in_full": n(disputes, lambda x: within(x.performance_on) and x.performance == "full"),
        "screening_rounds": len(rounds), "zero_reports": n(rounds, lambda x: x.zero),
        "committees": len(committees), "village_committees": n(committees, lambda x: x.village is not None),
        "full_time_mediators": sum(x.full_time for x in committees),
    }


def table_three(year: Year, township: str | None) -> dict[str, dict[str, int]]:
    """Rows 一, 二, 三(七), 四 and the outcome rows, per applicant column, as the template defines them."""
    requests = year.of("request", township)
    new = [x for x in requests if within(x.received_on)]
    carried = [x for x in requests if x.received_on < START and (x.concluded_on is None or x.concluded_on >= START)]
    done = [x for x in new + carried if within(x.concluded_on)]
    forward = [x for x in new + carried if x.concluded_on is None or x.concluded_on > END]

    def cells(rows: list[Plan]) -> dict[str, int]:
        return {**{c: n(rows, lambda x, c=c: x.column == c) for c in COLUMNS}, "total": len(rows)}

    outcomes = {x.outcome for x in done}
    return {"new": cells(new), "carried_over": cells(carried), "concluded": cells(done),
            "carried_forward": cells(forward),
            **{f"outcome:{o}": cells([x for x in done if x.outcome == o]) for o in outcomes}}


def disclosure(year: Year, township: str | None) -> dict[str, Any]:
    requests, items = year.of("request", township), year.of("publication", township)
    done = [x for x in requests if within(x.concluded_on)]
    late_open = n(requests, lambda x: x.due_on < END and (x.concluded_on is None or x.concluded_on > END))
    regulatory = [x for x in items if x.category == "regulatory_document"]
    return {
        "concluded": len(done), "concluded_on_time": n(done, lambda x: x.on_time),
        "unanswered_past_due": late_open,
        "published": n(items, lambda x: within(x.published_on)),
        "published_on_time": n(items, lambda x: within(x.published_on) and x.on_time),
        "reviews_approved": sum(1 for x in items for said, day in x.reviews if said == "approved" and within(day)),
        "reviews_refused": sum(1 for x in items for said, day in x.reviews if said == "refused" and within(day)),
        "issued": n(regulatory, lambda x: within(x.published_on)),
        "repealed": n(regulatory, lambda x: within(x.withdrawn_on)),
        "in_force": n(regulatory, lambda x: x.published_on is not None and x.published_on <= END
                      and (x.withdrawn_on is None or x.withdrawn_on > END)),
        "reviews_filed": n(requests, lambda x: x.review is not None and within(x.review[0])),
    }


def petition(year: Year, township: str | None) -> dict[str, Any]:
    cases, days, asks = year.of("petition", township), year.of("reception", township), year.of("suggestion", township)
    replied = [x for x in cases if within(x.replied_on)]
    answered = [x for x in asks if within(x.answered_on)]
    return {
        "registered": len(cases), "group_visits": n(cases, lambda x: x.group),
        "bypassed_level": n(cases, lambda x: x.bypassed), "repeat": n(cases, lambda x: x.repeat),
        "by_channel": {c: n(cases, lambda x, c=c: x.channel == c) for c in {x.channel for x in cases}},
        "accepted": n(cases, lambda x: x.decision == "accepted" and within(x.decided_on)),
        "declined": n(cases, lambda x: x.decision == "declined" and within(x.decided_on)),
        "decided_on_time": n(cases, lambda x: within(x.decided_on) and not x.decided_late),
        "referred_to_mediation": n(cases, lambda x: within(x.referred_on)),
        "replied": len(replied), "replied_on_time": n(replied, lambda x: not x.replied_late),
        "unsatisfied": n(replied, lambda x: x.satisfaction == "unsatisfied"),
        "reviews_requested": n(cases, lambda x: within(x.review_requested_on)),
        "receptions_held": n(days, lambda x: x.held), "joint_receptions": n(days, lambda x: x.held and x.joint),
        "visitors": sum(x.visitors for x in days),
        "suggestions_answered": len(answered), "suggestions_on_time": n(answered, lambda x: not x.late),
    }


def zero_petition_villages(year: Year, township: str, villages: list[str]) -> int:
    bypassing = {x.village for x in year.of("petition", township) if x.bypassed}
    return sum(1 for v in villages if v not in bypassing)
