"""Reporting's own records on real SQLite and PostgreSQL: publicity, legal advisors, trainings — and their figures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fazhi.clock import FixedClock

BASE = "/v1/townships/houtai/work-records"
ACTIVITY = {"held_on": "2026-03-05", "theme": "civil_code", "title": "《民法典》进村宣讲", "village": "v03",
            "participants": 120}


@pytest.fixture
def api(api_for):
    return api_for("reporting", clock=FixedClock(datetime(2026, 6, 1, 2, tzinfo=UTC)))


def post(api, path: str, body: dict, roles: tuple[str, ...] = ("reporter",), **headers: str):
    return api.client.post(f"{BASE}/{path}", json=body, headers=api.headers("houtai", roles=roles, **headers))


def statistics(api, **query: str) -> dict:
    response = api.client.get("/v1/townships/houtai/statistics", params={"year": "2026", **query},
                              headers=api.headers("houtai", roles=("leader",)))
    assert response.status_code == 200, response.text
    return response.json()


def test_a_publicity_activity_is_recorded_corrected_and_counted_in_the_figures(api):
    created = post(api, "publicity", ACTIVITY)
    assert created.status_code == 201, created.text
    activity = created.json()
    assert created.headers["Location"] == f"{BASE}/publicity/{activity['id']}"
    assert (created.headers["ETag"], activity["participants"], activity["village"]) == ('"1"', 120, "v03")
    corrected = post(api, f"publicity/{activity['id']}/correct", {**ACTIVITY, "participants": 150}, If_Match='"1"')
    assert (corrected.status_code, corrected.json()["participants"]) == (200, 150)
    post(api, "publicity", {**ACTIVITY, "theme": "anti_fraud", "title": "反诈宣传", "village": None,
                            "participants": 800})
    figures = statistics(api)["work_records"]["publicity"]
    assert (figures["activities"], figures["participants"], figures["township_wide"]) == (2, 950, 1)
    assert figures["by_theme"]["civil_code"] == {"activities": 1, "participants": 150}
    village = statistics(api, village="v03")
    assert village["work_records"]["publicity"]["participants"] == 150


def test_a_withdrawn_activity_stops_counting_and_cannot_be_corrected(api):
    activity = post(api, "publicity", ACTIVITY).json()
    withdrawn = post(api, f"publicity/{activity['id']}/withdraw", {"reason": "entered twice"})
    assert (withdrawn.status_code, withdrawn.json()["withdrawn_on"]) == (200, "2026-06-01")
    again = post(api, f"publicity/{activity['id']}/correct", ACTIVITY)
    assert (again.status_code, again.json()["field"]) == (409, "status")
    assert statistics(api)["work_records"]["publicity"]["activities"] == 0


def test_a_retry_with_the_same_idempotency_key_records_one_activity(api):
    first = post(api, "publicity", ACTIVITY, Idempotency_Key="pf-0305")
    again = post(api, "publicity", ACTIVITY, Idempotency_Key="pf-0305")
    assert (first.status_code, again.status_code, first.json()["id"]) == (201, 201, again.json()["id"])
    listed = api.client.get(f"{BASE}/publicity?year=2026", headers=api.headers("houtai", roles=("reporter",)))
    assert [a["id"] for a in listed.json()["items"]] == [first.json()["id"]]


def test_a_stale_if_match_is_refused_with_412(api):
    activity = post(api, "publicity", ACTIVITY).json()
    post(api, f"publicity/{activity['id']}/correct", {**ACTIVITY, "participants": 130})
    stale = post(api, f"publicity/{activity['id']}/correct", {**ACTIVITY, "participants": 140}, If_Match='"1"')
    assert (stale.status_code, stale.json()["field"]) == (412, "If-Match")


def test_an_advisor_engagement_covers_villages_and_records_opinions_within_its_contract(api):
    body = {"law_firm": "河南某律师事务所", "advisor": "王律师", "advises_government": True,
            "villages": ["v01", "v02"], "contract_start": "2026-01-01", "contract_end": "2026-12-31"}
    engagement = post(api, "advisors", body).json()
    given = post(api, f"advisors/{engagement['id']}/opinions", {"given_on": "2026-04-10", "subject": "征地补偿方案"})
    assert given.status_code == 200, given.text
    outside = post(api, f"advisors/{engagement['id']}/opinions", {"given_on": "2025-12-30", "subject": "旧事"})
    assert (outside.status_code, outside.json()["field"]) == (409, "given_on")
    figures = statistics(api)["work_records"]["advisors"]
    assert (figures["law_firms"], figures["villages_covered"], figures["opinions"]) == (1, 2, 1)
    assert figures["opinion_list"][0]["subject"] == "征地补偿方案"


def test_trainings_count_their_attendees(api):
    for topic, attendees in (("行政处罚法", 25), ("行政执法程序", 30)):
        response = post(api, "trainings", {"held_on": "2026-05-10", "topic": topic, "attendees": attendees},
                        roles=("leader",))
        assert response.status_code == 201, response.text
    figures = statistics(api)["work_records"]["trainings"]
    assert (figures["trainings"], figures["attendees"]) == (2, 55)


BAD = [
    ("publicity", {**ACTIVITY, "village": "v99"}, "village"),
    ("publicity", {**ACTIVITY, "participants": 0}, "participants"),
    ("publicity", {**ACTIVITY, "theme": "astrology"}, "theme"),
    ("publicity", {**ACTIVITY, "held_on": "2026-06-02"}, "held_on"),
    ("advisors", {"law_firm": "某所", "advisor": "李", "villages": [], "contract_start": "2026-01-01",
                  "contract_end": "2026-12-31"}, "villages"),
    ("advisors", {"law_firm": "某所", "advisor": "李", "villages": ["v01", "v77"], "contract_start": "2026-01-01",
                  "contract_end": "2026-12-31"}, "villages.1"),
    ("advisors", {"law_firm": "某所", "advisor": "李", "advises_government": True, "contract_start": "2026-06-01",
                  "contract_end": "2026-01-01"}, "contract_end"),
    ("trainings", {"held_on": "2026-05-10", "topic": "", "attendees": 3}, "topic"),
]


def test_bad_work_records_are_refused_naming_the_field_and_nothing_is_stored(api):
    for path, body, field in BAD:
        response = post(api, path, body)
        assert response.status_code == 422, (path, field, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["field"] == field, (path, field)
    for path in ("publicity", "advisors", "trainings"):
        listed = api.client.get(f"{BASE}/{path}", headers=api.headers("houtai", roles=("reporter",)))
        assert listed.json()["items"] == [], path


def test_officers_read_work_records_but_only_reporters_and_leaders_write_them(api):
    refused = post(api, "publicity", ACTIVITY, roles=("mediation_officer",))
    assert refused.status_code == 403
    listed = api.client.get(f"{BASE}/publicity", headers=api.headers("houtai", roles=("petition_officer",)))
    assert listed.status_code == 200
    other = api.client.post("/v1/townships/zhoutang/work-records/publicity", json={**ACTIVITY, "village": None},
                            headers=api.headers("houtai", roles=("reporter",)))
    assert (other.status_code, other.json()["field"]) == (403, "township")
