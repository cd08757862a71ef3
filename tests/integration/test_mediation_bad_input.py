"""Bad input is refused with a clear 4xx problem naming the field, and nothing is stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fazhi.clock import FixedClock

BASE = "/v1/townships/houtai/disputes"
GOOD_PARTY = {"name": "张三", "id_number": "11010519491231002X"}
ORAL = {"form": "oral", "oral_content": "李四 moves the wall", "performance_deadline": "2026-03-20"}


def dispute_body(**changes: object) -> dict[str, object]:
    body = {"level": "village", "village": "v01", "source": "walk_in", "category": "neighbours",
            "parties": [GOOD_PARTY], "people_involved": 1, "description": "a wall on the boundary"}
    return {**body, **changes}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC))


@pytest.fixture
def api(api_for, clock):
    return api_for("mediation", clock=clock)


def stored(api) -> list[dict]:
    return api.client.get(BASE, headers=api.headers("houtai")).json()["items"]


def history(api, dispute_id: str) -> list[str]:
    response = api.client.get(f"{BASE}/{dispute_id}/events", headers=api.headers("houtai"))
    return [e["type"] for e in response.json()["items"]]


def post(api, path: str, body: dict | None = None, township: str = "houtai"):
    return api.client.post(path, json=body, headers=api.headers(township, roles=("mediator",)))


def assert_problem(response, status: int, field: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["field"] == field and problem["detail"]
    return problem


def test_an_id_card_number_with_a_wrong_check_digit_is_refused_and_nothing_stored(api):
    bad = {"name": "张三", "id_number": "110105194912310021"}
    problem = assert_problem(post(api, BASE, dispute_body(parties=[GOOD_PARTY, bad], people_involved=2)), 422,
                             "parties.1.id_number")
    assert "check digit is 1, expected X" in problem["detail"]
    assert stored(api) == []


def test_a_masked_id_card_number_typed_in_over_http_is_refused(api):
    masked = {"name": "张三", "id_number": "110105********002X"}
    assert_problem(post(api, BASE, dispute_body(parties=[masked])), 422, "parties.0.id_number")
    assert stored(api) == []


def test_a_village_not_in_the_township_is_refused_and_nothing_stored(api):
    problem = assert_problem(post(api, BASE, dispute_body(village="v17")), 422, "village")
    assert problem["detail"] == "village 'v17' is not in township 'houtai'"
    assert stored(api) == []


def test_a_token_for_another_township_is_refused_and_nothing_stored(api):
    problem = assert_problem(post(api, BASE, dispute_body(), township="zhoutang"), 403, "township")
    assert problem["detail"] == "your token does not cover township houtai"
    assert stored(api) == []


def test_an_unknown_category_or_risk_flag_is_refused_naming_it(api):
    assert_problem(post(api, BASE, dispute_body(category="feud")), 422, "category")
    assert_problem(post(api, BASE, dispute_body(risk_flags=["loud"])), 422, "risk_flags.0")
    assert stored(api) == []


def test_an_agreement_before_acceptance_is_refused_and_the_history_unchanged(api):
    dispute = post(api, BASE, dispute_body()).json()
    problem = assert_problem(post(api, f"{BASE}/{dispute['id']}/agree", ORAL), 409, "status")
    assert problem["detail"] == "the dispute must be accepted before you record an agreement: it is registered"
    assert history(api, dispute["id"]) == ["mediation.dispute.registered", "mediation.dispute.classified"]


def test_judicial_confirmation_on_day_31_is_refused_and_the_history_unchanged(api, clock):
    dispute = post(api, BASE, dispute_body()).json()
    for verb, body in [("accept", None), ("assign", {"mediator": "m"}), ("record-session", {"summary": "s"}),
                       ("agree", ORAL)]:
        assert post(api, f"{BASE}/{dispute['id']}/{verb}", body).status_code == 200
    before = history(api, dispute["id"])
    clock.advance(days=31)  # agreed on Monday 2 March; day 30 (1 April) is a working day
    problem = assert_problem(post(api, f"{BASE}/{dispute['id']}/apply-confirmation", {"court": "睢县人民法院"}),
                             409, "applied_on")
    assert "by 2026-04-01" in problem["detail"]
    assert history(api, dispute["id"]) == before


def test_a_failure_without_the_routes_told_is_refused(api):
    dispute = post(api, BASE, dispute_body()).json()
    for verb, body in [("accept", None), ("assign", {"mediator": "m"}), ("record-session", {"summary": "s"})]:
        post(api, f"{BASE}/{dispute['id']}/{verb}", body)
    assert_problem(post(api, f"{BASE}/{dispute['id']}/fail", {"reason": "r", "routes_told": []}), 422, "routes_told")
    assert history(api, dispute["id"])[-1] == "mediation.dispute.session_recorded"


def test_a_committee_without_a_woman_is_refused_and_nothing_stored(api):
    men = [{"name": n, "gender": "male", "position": p, "kind": "part_time"}
           for n, p in (("王", "chair"), ("钱", "member"), ("孙", "member"))]
    body = {"level": "village", "village": "v01", "name": "committee", "members": men, "term_start": "2026-01-01"}
    problem = assert_problem(post(api, "/v1/townships/houtai/committees", body), 422, "members")
    assert problem["detail"] == "a committee must include at least one woman"
    assert api.client.get("/v1/townships/houtai/committees", headers=api.headers("houtai")).json()["items"] == []


def test_a_screening_of_a_village_not_in_the_township_is_refused(api):
    body = {"village": "v17", "month": "2026-03", "zero_report": True}
    assert_problem(post(api, "/v1/townships/houtai/screenings", body), 422, "village")
    assert_problem(post(api, "/v1/townships/houtai/screenings", {**body, "month": "2026-13"}), 422, "month")
    reports = api.client.get("/v1/townships/houtai/screenings?month=2026-03", headers=api.headers("houtai"))
    assert reports.json()["items"] == []


def test_an_unknown_dispute_is_not_found(api):
    assert_problem(post(api, f"{BASE}/no-such-case/accept"), 404, "id")
    assert_problem(api.client.get(f"{BASE}/no-such-case", headers=api.headers("houtai")), 404, "id")


def test_a_dispute_of_another_township_is_not_found_there(api):
    dispute = post(api, BASE, dispute_body()).json()
    other = api.headers("zhoutang", roles=("mediator",))
    assert api.client.get(f"/v1/townships/zhoutang/disputes/{dispute['id']}", headers=other).status_code == 404
    assert api.client.post(f"/v1/townships/zhoutang/disputes/{dispute['id']}/accept", headers=other).status_code == 404
    assert history(api, dispute["id"]) == ["mediation.dispute.registered", "mediation.dispute.classified"]
