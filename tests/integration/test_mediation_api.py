"""The mediation API on real SQLite and PostgreSQL: the dispute lifecycle, lists, deadlines, scope."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fazhi.clock import FixedClock

BASE = "/v1/townships/houtai/disputes"
ID_NUMBER = "11010519491231002X"
WRITTEN = {"form": "written", "facts": "the wall stands 30 cm over the line", "points_in_dispute": "who moves it",
           "terms": [{"content": "李四 moves the wall", "manner": "at his cost", "deadline": "2026-03-20"}],
           "performance_deadline": "2026-03-20", "signed": True}


def dispute_body(**changes: object) -> dict[str, object]:
    body = {"level": "village", "village": "v01", "source": "application", "category": "neighbours",
            "parties": [{"name": "张三", "id_number": ID_NUMBER, "phone": "13812345678"}, {"name": "李四"}],
            "people_involved": 2, "amount": "3000", "description": "a wall on the boundary"}
    return {**body, **changes}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC))  # 10:00 in Suixian, a Monday


@pytest.fixture
def api(api_for, clock):
    return api_for("mediation", clock=clock)


def register(api, **changes: object) -> dict:
    response = api.client.post(BASE, json=dispute_body(**changes), headers=api.headers("houtai", roles=("mediator",)))
    assert response.status_code == 201, response.text
    return response.json()


def command(api, dispute_id: str, verb: str, body: dict | None = None, **headers: str):
    return api.client.post(f"{BASE}/{dispute_id}/{verb}", json=body,
                           headers=api.headers("houtai", roles=("mediation_officer",), **headers))


def ids(api, query: str = "") -> list[str]:
    response = api.client.get(f"{BASE}{query}", headers=api.headers("houtai", roles=("leader",)))
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_a_dispute_goes_from_registration_to_closing_with_its_full_history(api):
    created = api.client.post(BASE, json=dispute_body(), headers=api.headers("houtai", roles=("mediator",)))
    assert created.status_code == 201
    dispute = created.json()
    assert created.headers["Location"] == f"{BASE}/{dispute['id']}"
    assert (created.headers["ETag"], dispute["status"], dispute["severity"]) == ('"2"', "registered", "normal")
    assert (dispute["due_on"], dispute["overdue"]) == ("2026-04-01", False)
    steps = [("accept", None), ("assign", {"mediator": "王调解"}), ("record-session", {"summary": "both heard"}),
             ("agree", WRITTEN), ("apply-confirmation", {"court": "睢县人民法院"}),
             ("record-performance", {"performance": "full", "note": "wall moved"}),
             ("follow-up", {"visited_by": "王调解", "findings": "neighbours at peace"}), ("close", None)]
    for verb, body in steps:
        response = command(api, dispute["id"], verb, body)
        assert response.status_code == 200, (verb, response.text)
    closed = response.json()
    assert (closed["status"], closed["version"], response.headers["ETag"]) == ("closed", 10, '"10"')
    assert closed["agreement"]["confirmation_by"] == "2026-04-01"
    history = api.client.get(f"{BASE}/{dispute['id']}/events", headers=api.headers("houtai", roles=("leader",)))
    assert [e["type"].rsplit(".", 1)[1] for e in history.json()["items"]] == [
        "registered", "classified", "accepted", "mediator_assigned", "session_recorded", "agreement_reached",
        "confirmation_applied", "performance_recorded", "follow_up_recorded", "closed"]
    assert {e["actor"] for e in history.json()["items"]} == {"tester"}


def test_a_retry_with_the_same_idempotency_key_returns_the_first_dispute(api):
    headers = api.headers("houtai", roles=("mediator",), Idempotency_Key="walk-in-0302-1")
    first = api.client.post(BASE, json=dispute_body(), headers=headers)
    again = api.client.post(BASE, json=dispute_body(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["id"] == first.json()["id"] and again.headers["Idempotent-Replayed"] == "true"
    reused = api.client.post(BASE, json=dispute_body(people_involved=3), headers=headers)
    assert (reused.status_code, reused.json()["field"]) == (422, "Idempotency-Key")
    assert ids(api) == [first.json()["id"]]


def test_a_command_sent_against_an_old_etag_is_refused_with_412(api):
    dispute = register(api)
    assert command(api, dispute["id"], "accept", If_Match='"2"').status_code == 200
    stale = command(api, dispute["id"], "decline", {"grounds": "other", "reason": "r"}, If_Match='"2"')
    assert (stale.status_code, stale.json()["field"]) == (412, "If-Match")


def test_an_illegal_transition_is_refused_with_409_and_the_reason(api):
    dispute = register(api)
    refused = command(api, dispute["id"], "close")
    assert refused.status_code == 409
    assert refused.json()["detail"] == \
        "cannot close the dispute: the dispute is registered, it must be agreed or failed"
    assert refused.headers["content-type"] == "application/problem+json"


def test_lists_filter_by_status_village_category_and_severity_newest_first(api, clock):
    walls = register(api)
    clock.advance(minutes=1)
    wages = register(api, village="v02", category="labour_wages", people_involved=7)
    clock.advance(minutes=1)
    township = register(api, level="township", village=None, category="land_requisition", risk_flags=["mass"])
    command(api, walls["id"], "accept")
    assert ids(api) == [township["id"], wages["id"], walls["id"]]
    assert ids(api, "?status=accepted") == [walls["id"]]
    assert ids(api, "?village=v02") == [wages["id"]]
    assert ids(api, "?category=land_requisition") == [township["id"]]
    assert ids(api, "?severity=major") == [township["id"], wages["id"]]
    first = api.client.get(f"{BASE}?limit=2", headers=api.headers("houtai")).json()
    rest = api.client.get(f"{BASE}?limit=2&cursor={first['next_cursor']}", headers=api.headers("houtai")).json()
    assert [d["id"] for d in first["items"] + rest["items"]] == [township["id"], wages["id"], walls["id"]]
    assert rest["next_cursor"] is None


def test_a_case_past_its_time_to_conclude_is_overdue_and_listed_so(api, clock):
    late = register(api)
    done = register(api, village="v02")
    for verb, body in [("accept", None), ("assign", {"mediator": "m"}), ("record-session", {"summary": "s"}),
                       ("fail", {"reason": "no common ground", "routes_told": ["court", "arbitration"]})]:
        assert command(api, done["id"], verb, body).status_code == 200
    clock.advance(days=30)  # 1 April: the last day
    assert ids(api, "?overdue=true") == []
    clock.advance(days=1)
    assert ids(api, "?overdue=true") == [late["id"]]
    shown = api.client.get(f"{BASE}/{late['id']}", headers=api.headers("houtai", roles=("leader",))).json()
    assert (shown["due_on"], shown["overdue"]) == ("2026-04-01", True)


def test_revised_facts_reclassify_the_dispute_as_major(api):
    dispute = register(api)
    revised = command(api, dispute["id"], "revise-facts", {"people_involved": 2, "amount": "120000",
                                                           "risk_flags": ["criminal_risk"]})
    assert (revised.json()["severity"], revised.json()["severity_reasons"]) == ("major", ["amount", "criminal_risk"])
    assert ids(api, "?severity=major") == [dispute["id"]]


def test_escalation_moves_a_village_case_to_the_township_then_the_county(api):
    dispute = register(api)
    to_township = command(api, dispute["id"], "escalate", {"reason": "the village committee could not"})
    assert (to_township.json()["level"], to_township.json()["status"]) == ("township", "registered")
    to_county = command(api, dispute["id"], "escalate", {"reason": "land requisition beyond the township"})
    assert (to_county.json()["status"], to_county.json()["due_on"]) == ("escalated", None)
    assert ids(api, "?status=escalated") == [dispute["id"]]


def test_leaders_read_but_do_not_act(api):
    dispute = register(api)
    leader = api.headers("houtai", roles=("leader",))
    assert api.client.get(f"{BASE}/{dispute['id']}", headers=leader).status_code == 200
    refused = api.client.post(f"{BASE}/{dispute['id']}/accept", headers=leader)
    assert refused.status_code == 403
    assert api.client.get(f"{BASE}/{dispute['id']}", headers=leader).json()["status"] == "registered"


def test_a_county_supervisor_reads_the_township_with_people_masked(api):
    dispute = register(api)
    supervisor = api.headers("chengguan", roles=("county_supervisor",), county=True)  # county-wide, not of houtai
    shown = api.client.get(f"{BASE}/{dispute['id']}", headers=supervisor).json()
    assert shown["parties"][0] == {"name": "张*", "id_number": "110105********002X", "phone": "138****5678"}
    history = api.client.get(f"{BASE}/{dispute['id']}/events", headers=supervisor).json()
    assert history["items"][0]["data"]["parties"][0]["id_number"] == "110105********002X"


def test_read_models_rebuilt_from_the_events_match_the_live_ones(api):
    dispute = register(api, people_involved=9)
    command(api, dispute["id"], "accept")
    before = api.client.get(BASE, headers=api.headers("houtai")).json()
    runtime = api.client.app.state.runtime
    rebuilt = api.client.portal.call(runtime.rebuild)
    assert rebuilt["documents"] == {"dispute": 1}
    assert api.client.get(BASE, headers=api.headers("houtai")).json() == before
