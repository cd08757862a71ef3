"""Disclosure requests on real SQLite and PostgreSQL: case numbers and query codes, the public status page,
arrival days within the county's limit, provisional deadlines, and lists with search."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx

from fazhi.clock import FixedClock
from fazhi.workdays import WorkCalendar, YearOverride
from tests.integration.test_disclosure_requests import APPLICATION, BASE, at, desk, received  # noqa: F401

STATUS = "/v1/public/requests/status"
DEMO = Path(__file__).resolve().parents[2] / "fazhi" / "demo_county.yaml"
NOTICE_2027 = "holidays:\n  2027:\n    holidays: [2027-01-01, 2027-01-11]\n    workdays: []\n"


def status(api, number: str, code: str) -> httpx.Response:
    return api.client.get(f"{STATUS}?" + str(httpx.QueryParams(number=number, code=code)))


def test_requests_are_numbered_and_answer_the_public_status_page(desk):
    first, second = received(desk), received(desk, received_on="2026-02-02")
    assert (first["case_number"], second["case_number"]) == ("（2026）后依申字第1号", "（2026）后依申字第2号")
    answer = status(desk, second["case_number"], second["query_code"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["status"], body["received_on"], body["due_on"]) == (second["status"], "2026-02-02", second["due_on"])
    assert "张三" not in answer.text and "information_sought" not in body and "query_code" not in body
    wrong = status(desk, second["case_number"], first["query_code"])
    unknown = status(desk, "（2026）后依申字第9号", second["query_code"])
    assert wrong.status_code == unknown.status_code == 404 and wrong.json() == unknown.json()


def test_a_received_on_in_the_future_or_beyond_the_limit_is_refused(desk):
    for day, words in (("2026-02-11", "future"), ("2025-02-09", "365 days")):
        response = desk.client.post(BASE, json={**APPLICATION, "received_on": day}, headers=desk.officer)
        assert response.status_code == 422 and response.json()["field"] == "received_on"
        assert words in response.json()["detail"]
    assert desk.client.get(BASE, headers=desk.officer).json()["total"] == 0


def test_a_request_whose_period_runs_into_an_unknown_year_is_provisional(desk):
    desk.clock.set(at("2026-12-15"))
    case = received(desk, received_on="2026-12-15")
    assert case["provisional"] is True
    assert status(desk, case["case_number"], case["query_code"]).json()["provisional"] is True


def test_a_holiday_notice_added_later_moves_the_listed_reply_deadline_at_start_up(desk, api_for, tmp_path):
    desk.clock.set(at("2026-12-15"))
    case = received(desk, received_on="2026-12-15")
    before = WorkCalendar().add_workdays(date(2026, 12, 15), 20).on
    assert (case["due_on"], case["provisional"]) == (before.isoformat(), True)
    county = tmp_path / "county.yaml"
    county.write_text(DEMO.read_text(encoding="utf-8").replace("holidays: {}\n", NOTICE_2027), encoding="utf-8")
    informed = api_for("disclosure", clock=FixedClock(at("2026-12-15")), county_config=county)
    after = WorkCalendar({2027: YearOverride(holidays=[date(2027, 1, 1), date(2027, 1, 11)])}).add_workdays(
        date(2026, 12, 15), 20).on
    officer = informed.headers("houtai", roles=("disclosure_officer",))
    shown = informed.client.get(f"{BASE}/{case['id']}", headers=officer).json()
    assert (shown["due_on"], shown["provisional"]) == (after.isoformat(), False) and after != before
    listed = informed.client.get(f"{BASE}?due_from={after}&due_to={after}", headers=officer).json()
    assert [i["id"] for i in listed["items"]] == [case["id"]]


def test_lists_search_by_number_and_applicant_within_the_township(desk):
    a = received(desk, received_on="2026-02-03")
    b = received(desk, applicant={"name": "李四"})
    listed = desk.client.get(f"{BASE}?sort=received", headers=desk.officer).json()
    assert (listed["total"], [i["id"] for i in listed["items"]]) == (2, [a["id"], b["id"]])
    by_name = desk.client.get(f"{BASE}?name=李", headers=desk.officer).json()
    assert [i["id"] for i in by_name["items"]] == [b["id"]]
    by_number = desk.client.get(f"{BASE}?" + str(httpx.QueryParams(number=a["case_number"])),
                                headers=desk.officer).json()
    assert [i["id"] for i in by_number["items"]] == [a["id"]]
    county = desk.headers("zhoutang", roles=("county_supervisor",), county=True)
    assert desk.client.get(f"{BASE}?name=李", headers=county).status_code == 403
    seen = desk.client.get(f"{BASE}/{a['id']}", headers=county).json()
    assert "query_code" not in seen
    other = desk.client.get("/v1/townships/zhoutang/requests?" + str(httpx.QueryParams(number=a["case_number"])),
                            headers=desk.headers("zhoutang", roles=("disclosure_officer",))).json()
    assert other["total"] == 0  # a number is searched within the caller's township
