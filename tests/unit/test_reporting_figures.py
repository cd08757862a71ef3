"""Figures from fact summaries: the year's window, table 三 across New Year, rates, shares, villages, deadlines."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.county import load_county
from fazhi.store import Document
from services.reporting.facts.reader import Facts
from services.reporting.figures import disclosure, mediation, petition
from services.reporting.figures.deadlines import deadline_item, split
from services.reporting.figures.period import Period, share, tally
from services.reporting.figures.villages import villages
from services.reporting.figures.work import WorkRecords, advisors, publicity

PERIOD = Period(2026, date(2027, 1, 20))


def request(received: str, concluded: str | None = None, **changes: Any) -> dict[str, Any]:
    return {"applicant_type": "natural_person", "org_type": None, "received_on": received, "concluded_on": concluded,
            "outcome": "granted" if concluded else None, "on_time": True if concluded else None,
            "due_on": None, "status": "answered" if concluded else "received", "fees": [], "extended": False,
            "corrections": 0, "consultations": 0, "review": None, "lawsuit": None, **changes}


def test_a_period_holds_the_days_of_its_year_only():
    assert PERIOD.holds("2026-01-01") and PERIOD.holds("2026-12-31T23:00:00+08:00")
    assert not PERIOD.holds("2025-12-31") and not PERIOD.holds(None)
    assert PERIOD.before("2025-12-31") and PERIOD.by_end("2026-12-31") and not PERIOD.by_end("2027-01-01")


def test_shares_are_percentages_with_one_decimal_and_none_without_a_whole():
    assert (share(2, 3), share(3, 3), share(0, 0)) == (66.7, 100.0, None)
    assert tally(["b", "a", "b"], ["c"]) == {"c": 0, "a": 1, "b": 2}


def test_table_three_carries_requests_across_new_year_and_balances():
    facts = Facts({"disclosure.request": [
        request("2025-12-10", "2026-01-12"),  # 二: carried over, concluded in the year
        request("2025-12-01", "2025-12-20"),  # before the year: not in it at all
        request("2026-03-01", "2026-03-20", applicant_type="legal_person", org_type="commercial_enterprise"),
        request("2026-12-21", "2027-01-14"),  # 四: carried forward though answered since
        request("2026-12-28"),  # 四: still open
    ]})
    table = disclosure.table_three(facts, PERIOD)
    assert (table["new"]["total"], table["carried_over"]["total"]) == (3, 1)
    assert (table["concluded"]["total"], table["carried_forward"]["total"]) == (2, 2)
    assert table["outcomes"]["granted"]["commercial_enterprise"] == 1
    assert table["check_holds"] and table["new"]["natural_person"] == 2


def test_the_reply_rate_counts_what_was_past_due_and_unanswered_at_the_end_of_the_year():
    facts = Facts({"disclosure.request": [
        request("2026-03-01", "2026-03-20"), request("2026-04-01", "2026-05-20", on_time=False),
        request("2026-11-20", "2027-01-05", due_on="2026-12-18"),  # overdue on 31 December
        request("2026-12-28", due_on="2027-01-26"),  # not yet due
    ]})
    replies = disclosure.replies(facts, PERIOD)
    assert (replies["concluded"], replies["unanswered_past_due"]) == (2, 1)
    assert (replies["reply_rate"], replies["on_time_rate"]) == (66.7, 50.0)


def dispute(**changes: Any) -> dict[str, Any]:
    base = {"village": "v01", "level": "village", "category": "neighbours", "source": "application",
            "registered_on": "2026-02-01", "people_involved": 2, "referral": False, "severity": "normal",
            "status": "closed", "accepted_on": None, "declined_on": None, "agreed_on": None, "agreed_level": None,
            "form": None, "failed_on": None, "escalated_township_on": None, "escalated_county_on": None,
            "confirmation_applied_on": None, "performance": None, "performance_checked_on": None, "follow_ups": [],
            "closed_on": None, "due_on": None}
    return {**base, **changes}


def test_the_village_and_township_shares_rest_on_the_disputes_concluded_in_the_year():
    facts = Facts({"mediation.dispute": [
        dispute(agreed_on="2026-02-10", agreed_level="village"),
        dispute(agreed_on="2026-03-10", agreed_level="township"),
        dispute(failed_on="2026-04-01"), dispute(escalated_county_on="2026-05-01", status="escalated"),
        dispute(agreed_on="2027-01-03", agreed_level="village"),  # next year's
    ]})
    figures = mediation.disputes(facts, PERIOD)
    assert (figures["agreed"], figures["concluded"]) == (2, 4)
    assert (figures["resolved_in_village_share"], figures["resolved_in_township_share"]) == (25.0, 50.0)


def test_petition_on_time_figures_count_the_decisions_and_replies_dated_in_the_year():
    base = {"channel": "visit", "village": None, "registered_on": "2026-02-01", "group_visit": False, "group_size": 1,
            "bypassed_level": False, "repeat_count": 0, "status": "closed", "decision": "accepted",
            "decided_on": "2026-02-05", "decided_late": False, "extended": False, "replied_on": "2026-03-01",
            "replied_late": True, "satisfaction": {"reply": "basically"}, "referred_on": None, "closed_on": None,
            **{f"{s}_{k}": None for s in ("review", "recheck") for k in ("requested_on", "on", "decision", "late",
                                                                          "due_on")},
            "acceptance_due_on": None, "handling_due_on": None}
    cases = petition.cases(Facts({"petition.case": [base, {**base, "replied_late": False, "decided_late": True}]}),
                           PERIOD)
    assert (cases["acceptance_on_time_rate"], cases["reply_on_time_rate"], cases["satisfaction_rate"]) == (
        50.0, 50.0, 100.0)


def test_a_village_meets_zero_petitions_unless_a_petition_from_it_went_past_the_township():
    houtai = load_county().township("houtai")
    facts = Facts({"petition.case": [{"village": "v01", "registered_on": "2026-05-01", "bypassed_level": True,
                                      "group_visit": False}]})
    rows = villages(houtai, facts, WorkRecords(), PERIOD)
    assert rows["three_zero"]["zero_petitions"] == 15 and rows["rows"][0]["zero_petitions"] is False
    assert rows["three_zero"]["meeting_all_three"] is None and set(rows["three_zero"]["unknown"]) == {
        "zero_accidents", "zero_cases"}


def test_work_record_figures_leave_out_withdrawn_records_and_other_years():
    records = WorkRecords(publicity=[
        {"township": "houtai", "held_on": "2026-03-05", "theme": "anti_fraud", "village": None, "participants": 800,
         "withdrawn_on": None},
        {"township": "houtai", "held_on": "2026-04-05", "theme": "anti_fraud", "village": "v01", "participants": 80,
         "withdrawn_on": "2026-04-06"},
        {"township": "houtai", "held_on": "2025-04-05", "theme": "constitution", "village": "v01", "participants": 50,
         "withdrawn_on": None}],
        advisors=[{"township": "houtai", "law_firm": "甲所", "advises_government": False, "villages": ["v01", "v02"],
                   "contract_start": "2025-07-01", "last_day": "2026-06-30",
                   "opinions": [{"given_on": "2026-02-01", "subject": "规划"},
                                {"given_on": "2025-09-01", "subject": "旧"}]}])
    assert publicity(records, PERIOD)["participants"] == 800
    assert publicity(records, PERIOD)["by_theme"]["anti_fraud"] == {"activities": 1, "participants": 800}
    figures = advisors(records, PERIOD)
    assert (figures["engagements"], figures["villages_covered"], figures["opinions"]) == (1, 2, 1)


def test_the_deadline_list_puts_the_overdue_first_and_counts_days_left():
    def doc(id: str, due: date) -> Document:
        return Document("facts.mediation.dispute", id, "houtai", 3, {"facts": {}}, status="accepted", due_on=due)

    today = date(2026, 6, 1)
    items = [deadline_item("mediation.dispute", doc(i, due), today)
             for i, due in (("a", date(2026, 6, 5)), ("b", date(2026, 5, 20)), ("c", date(2026, 6, 1)))]
    listed = split(items)
    assert [(i["id"], i["days_left"]) for i in listed["overdue"]] == [("b", -12)]
    assert [(i["id"], i["days_left"]) for i in listed["due_soon"]] == [("c", 0), ("a", 4)]
