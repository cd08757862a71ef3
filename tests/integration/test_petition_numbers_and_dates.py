"""The petition desk on real SQLite and PostgreSQL: case numbers and query codes, the public status page,
petitions registered after they arrived, provisional deadlines, and lists with search."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
import pytest

from fazhi.clock import FixedClock
from fazhi.workdays import WorkCalendar
from tests.integration.test_petition_cases_api import BASE, petition

STATUS = "/v1/public/petitions/status"
SUGGESTIONS = "/v1/townships/houtai/suggestions"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2025, 3, 13, 2, tzinfo=UTC))  # Thursday 13 March 2025, 10:00 in Suixian


def register(api, **changes: object) -> dict:
    response = api.client.post(BASE, json=petition(**changes), headers=api.headers(roles=("petition_officer",)))
    assert response.status_code == 201, response.text
    return response.json()


def status(api, number: str, code: str) -> httpx.Response:
    return api.client.get(f"{STATUS}?" + str(httpx.QueryParams(number=number, code=code)))


def test_a_petition_received_ten_days_ago_runs_its_deadlines_from_that_day(api_for, clock):
    api = api_for("petition", clock=clock)
    case = register(api, received_on="2025-03-03")
    assert (case["received_on"], case["registered_on"]) == ("2025-03-03", "2025-03-13")
    assert case["deadlines"]["acceptance_by"] == case["due_on"] == "2025-03-18"  # 15 days from 3 March
    accepted = api.client.post(f"{BASE}/{case['id']}/decide-acceptance",
                               json={"decision": "accept", "decided_on": "2025-03-13"},
                               headers=api.headers(roles=("leader",))).json()
    assert accepted["acceptance"]["accepted_on"] == "2025-03-13" and accepted["acceptance"]["late"] is False
    assert accepted["due_on"] == WorkCalendar().add_days(date(2025, 3, 13), 60).on.isoformat()
    history = api.client.get(f"{BASE}/{case['id']}/events", headers=api.headers(roles=("leader",))).json()
    registered = history["items"][0]
    assert (registered["data"]["received_on"], registered["data"]["registered_at"][:10]) == \
        ("2025-03-03", "2025-03-13")


def test_a_backdated_registration_and_acceptance_keep_their_own_days(api_for, clock):
    api = api_for("petition", clock=clock)
    case = register(api, received_on="2025-02-20", registered_on="2025-02-21")
    assert (case["received_on"], case["registered_on"], case["due_on"]) == ("2025-02-20", "2025-02-21", "2025-03-07")
    late = api.client.post(f"{BASE}/{case['id']}/decide-acceptance", json={"decision": "accept"},
                           headers=api.headers(roles=("leader",))).json()
    assert late["acceptance"]["late"] is True  # decided today, past the 15 days from its arrival
    before = api.client.post(f"{BASE}/{register(api, registered_on='2025-03-10')['id']}/decide-acceptance",
                             json={"decision": "accept", "decided_on": "2025-03-09"},
                             headers=api.headers(roles=("leader",)))
    assert before.status_code == 422 and before.json()["field"] == "decided_on"


@pytest.mark.parametrize(("changes", "field"), [
    ({"received_on": "2025-03-14"}, "received_on"),
    ({"registered_on": "2025-03-14"}, "registered_on"),
    ({"received_on": "2024-03-12"}, "received_on"),
    ({"received_on": "2025-03-12", "registered_on": "2025-03-11"}, "received_on"),
])
def test_arrival_and_registration_days_in_the_future_too_old_or_reversed_are_refused(api_for, clock, changes, field):
    api = api_for("petition", clock=clock)
    response = api.client.post(BASE, json=petition(**changes), headers=api.headers(roles=("petition_officer",)))
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field
    listed = api.client.get(BASE, headers=api.headers(roles=("leader",))).json()
    assert listed["total"] == 0


def test_petitions_and_suggestions_are_numbered_per_desk(api_for, clock):
    api = api_for("petition", clock=clock)
    assert [register(api)["case_number"] for _ in range(2)] == ["（2025）后信字第1号", "（2025）后信字第2号"]
    received = api.client.post(SUGGESTIONS, json={"kind": "deputy_suggestion", "author": "王代表", "title": "修路",
                                                  "content": "建议修路", "received_on": "2025-03-01"},
                               headers=api.headers(roles=("petition_officer",)))
    assert received.status_code == 201, received.text
    assert (received.json()["case_number"], received.json()["received_on"]) == ("（2025）后建字第1号", "2025-03-01")
    found = api.client.get(f"{SUGGESTIONS}?" + str(httpx.QueryParams(number="（2025）后建字第1号")),
                           headers=api.headers(roles=("leader",))).json()
    assert found["total"] == 1


def test_the_public_status_page_answers_status_and_dates_only_with_the_right_code(api_for, clock):
    api = api_for("petition", clock=clock)
    case = register(api, received_on="2025-03-03")
    code = case["query_code"]
    assert len(code) == 10
    answer = status(api, case["case_number"], code.lower())
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["case_number"], body["status"], body["due_on"], body["received_on"]) == \
        (case["case_number"], "registered", "2025-03-18", "2025-03-03")
    assert "张三" not in answer.text and "petitioners" not in body and "query_code" not in body
    wrong = status(api, case["case_number"], "ABCDEFGHJK" if code != "ABCDEFGHJK" else "BBCDEFGHJK")
    unknown = status(api, "（2025）后信字第99号", code)
    assert wrong.status_code == unknown.status_code == 404
    assert {k: v for k, v in wrong.json().items()} == unknown.json()
    assert wrong.headers["content-type"] == unknown.headers["content-type"]


def test_the_public_status_page_is_rate_limited(api_for, clock):
    api = api_for("petition", clock=clock, public_lookups_per_minute=3)
    case = register(api)
    answers = [status(api, case["case_number"], "WRONGCODE2").status_code for _ in range(4)]
    assert answers == [404, 404, 404, 429]
    limited = status(api, case["case_number"], case["query_code"])
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "60"


def test_the_query_code_and_names_stay_inside_the_township(api_for, clock):
    api = api_for("petition", clock=clock)
    case = register(api)
    outside = api.headers("zhoutang", roles=("county_supervisor",), county=True)
    body = api.client.get(f"{BASE}/{case['id']}", headers=outside).json()
    assert "query_code" not in body and body["petitioners"][0]["name"] != "张三"
    assert api.client.get(f"{BASE}?name=张", headers=outside).status_code == 403
    inside = api.client.get(f"{BASE}?name=张", headers=api.headers(roles=("petition_officer",))).json()
    assert [i["id"] for i in inside["items"]] == [case["id"]]


def test_a_petition_accepted_in_december_has_provisional_handling_deadline(api_for):
    api = api_for("petition", clock=FixedClock(datetime(2026, 12, 15, 2, tzinfo=UTC)))
    case = register(api)
    assert case["provisional"] is False  # 15 days ending in 2026: the calendar knows them
    accepted = api.client.post(f"{BASE}/{case['id']}/decide-acceptance", json={"decision": "accept"},
                               headers=api.headers(roles=("leader",))).json()
    assert accepted["deadlines"]["handling_by"] == "2027-02-15"
    assert accepted["provisional"] is True and accepted["deadlines"]["provisional"] == ["handling_by"]
    public = status(api, case["case_number"], case["query_code"]).json()
    assert public["provisional"] is True
