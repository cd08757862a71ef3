"""Bad input to the petition API: a clear problem+json naming the field, and nothing stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fazhi.clock import FixedClock

TOWNSHIP = "/v1/townships/houtai"
ZHANG = "411422198001010010"
REPS = [{"name": f"代表{n}", "id_number": i} for n, i in enumerate(
    ["411422198001010010", "41142219750505002X", "41142219900909003X", "411422196606060046",
     "411422198812120053", "411422197007070060"])]


def petition(**changes: object) -> dict[str, object]:
    body = {"channel": "letter", "petitioners": [{"name": "张三", "id_number": ZHANG}], "subject": "占地补偿",
            "claims": ["补偿"]}
    return {**body, **changes}


@pytest.fixture
def api(api_for):
    return api_for("petition", clock=FixedClock(datetime(2025, 3, 3, 2, tzinfo=UTC)))


def stored_events(api) -> int:
    """Events in the service's store, read directly (not through the API under test)."""
    store = api.client.app.state.runtime.store
    return len(api.client.portal.call(store.read_all, 0, 10_000))


def assert_problem(response, status: int, field: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["field"] == field and problem["detail"]
    return problem


@pytest.mark.parametrize(("body", "field", "says"), [
    (petition(petitioners=[{"name": "张三", "id_number": "411422198001010011"}]), "petitioners.0.id_number",
     "check digit"),
    (petition(channel="visit", petitioners=[], group_size=80, representatives=REPS), "representatives", "at most 5"),
    (petition(channel="visit", group_size=12), "representatives", "representatives"),
    (petition(group_size=0), "group_size", "greater than or equal to 1"),
    (petition(petitioners=[]), "petitioners", "at least one"),
    (petition(claims=[]), "claims", "at least 1"),
    (petition(channel="pigeon"), "channel", "online"),
    (petition(village="v99"), "village", "v99"),
    (petition(subject=" "), "subject", "at least 1"),
    (petition(surprise=True), "surprise", "Extra inputs"),
])
def test_a_bad_petition_is_refused_naming_the_field_and_nothing_is_stored(api, body, field, says):
    response = api.client.post(f"{TOWNSHIP}/petitions", json=body, headers=api.headers(roles=("petition_officer",)))
    assert says in assert_problem(response, 422, field)["detail"]
    assert stored_events(api) == 0


def test_malformed_json_is_a_400_and_nothing_is_stored(api):
    response = api.client.post(f"{TOWNSHIP}/petitions", content=b'{"channel": "letter",',
                               headers={**api.headers(roles=("petition_officer",)), "Content-Type": "application/json"})
    assert_problem(response, 400, "body")
    assert stored_events(api) == 0


def test_a_bad_command_leaves_the_case_as_it_was(api):
    officer = api.headers(roles=("petition_officer",))
    created = api.client.post(f"{TOWNSHIP}/petitions", json=petition(), headers=officer)
    case = f"{TOWNSHIP}/petitions/{created.json()['id']}"
    cases = [("decide-acceptance", {"decision": "decline", "reason": "应诉讼"}, 422, "route"),
             ("decide-acceptance", {"decision": "transfer"}, 422, "organ"),
             ("decide-acceptance", {"decision": "maybe"}, 422, "decision"),
             ("reply", {"finding": "supported", "content": "x"}, 409, "status"),
             ("refer", {"category": "feud", "reason": "x"}, 422, "category")]
    for verb, body, status, field in cases:
        assert_problem(api.client.post(f"{case}/{verb}", json=body, headers=officer), status, field)
    reply = {"finding": "explained", "content": "依法解释"}  # a well-formed body: the If-Match is what is wrong
    assert_problem(api.client.post(f"{case}/reply", json=reply, headers=api.headers(If_Match="abc")), 422, "If-Match")
    assert stored_events(api) == 1
    assert api.client.get(case, headers=officer).json()["version"] == 1


def test_a_reception_visit_can_link_only_cases_of_the_township(api):
    officer = api.headers(roles=("leader",))
    day = api.client.post(f"{TOWNSHIP}/reception-days", json={"kind": "leader", "day": "2025-03-03",
                                                              "place": "接待室", "leader": "王乡长"}, headers=officer)
    url = day.headers["Location"]
    api.client.post(f"{url}/hold", headers=officer)
    response = api.client.post(f"{url}/record-visitors", json={"visitors": 3, "case_ids": ["no-such-case"]},
                               headers=officer)
    assert "no-such-case" in assert_problem(response, 422, "case_ids.0")["detail"]
    assert api.client.get(url, headers=officer).json()["visitors"] == 0
    joint = api.client.post(f"{TOWNSHIP}/reception-days", json={"kind": "joint", "day": "2025-03-04", "place": "x"},
                            headers=officer)
    assert_problem(joint, 422, "participants")
    assert stored_events(api) == 2


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "letter", "author": "赵代表", "title": "t", "content": "c"}, "kind"),
    ({"kind": "member_proposal", "author": "", "title": "t", "content": "c"}, "author"),
    ({"kind": "member_proposal", "author": "钱委员", "title": "t"}, "content"),
])
def test_a_bad_suggestion_is_refused_naming_the_field_and_nothing_is_stored(api, body, field):
    response = api.client.post(f"{TOWNSHIP}/suggestions", json=body, headers=api.headers(roles=("petition_officer",)))
    assert_problem(response, 422, field)
    assert stored_events(api) == 0
