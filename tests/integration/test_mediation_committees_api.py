"""Committees and monthly screening rounds through the API, on real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fazhi.clock import FixedClock

COMMITTEES = "/v1/townships/houtai/committees"
SCREENINGS = "/v1/townships/houtai/screenings"
DISPUTES = "/v1/townships/houtai/disputes"


def members(*extra: dict) -> list[dict]:
    return [{"name": "王主任", "gender": "male", "position": "chair", "kind": "full_time", "phone": "13900001111"},
            {"name": "赵女士", "gender": "female", "position": "member", "kind": "full_time"},
            {"name": "钱委员", "gender": "male", "position": "member", "kind": "part_time"}, *extra]


def committee_body(**changes: object) -> dict[str, object]:
    body = {"level": "village", "village": "v01", "name": "示范一村人民调解委员会", "members": members(),
            "term_start": "2026-01-01"}
    return {**body, **changes}


@pytest.fixture
def api(api_for):
    return api_for("mediation", clock=FixedClock(datetime(2026, 3, 16, 2, tzinfo=UTC)))


def post(api, path: str, body: dict | None = None, **headers: str):
    return api.client.post(path, json=body, headers=api.headers("houtai", roles=("mediation_officer",), **headers))


def get(api, path: str) -> dict:
    response = api.client.get(path, headers=api.headers("houtai", roles=("leader",)))
    assert response.status_code == 200, response.text
    return response.json()


def test_the_township_and_a_village_committee_are_registered_once_each(api):
    village = post(api, COMMITTEES, committee_body())
    township = post(api, COMMITTEES, committee_body(level="township", village=None, name="后台乡人民调解委员会"))
    assert (village.status_code, township.status_code) == (201, 201)
    assert village.headers["Location"] == f"{COMMITTEES}/{village.json()['id']}"
    assert (village.json()["term_end"], village.json()["full_time_mediators"], village.json()["women"]) == \
        ("2028-12-31", 2, 1)
    again = post(api, COMMITTEES, committee_body())
    assert (again.status_code, again.json()["id"]) == (201, village.json()["id"])
    second = post(api, COMMITTEES, committee_body(name="another"))
    assert (second.status_code, second.json()["field"]) == (409, "village")
    listed = get(api, COMMITTEES)["items"]
    assert [(k["level"], k["village"]) for k in listed] == [("township", None), ("village", "v01")]
    assert [k["id"] for k in get(api, f"{COMMITTEES}?village=v01")["items"]] == [village.json()["id"]]


def test_members_change_and_terms_renew_under_the_statutes_rules(api):
    committee = post(api, COMMITTEES, committee_body()).json()
    grown = post(api, f"{COMMITTEES}/{committee['id']}/change-members",
                 {"members": members({"name": "李专职", "gender": "female", "position": "vice_chair",
                                      "kind": "full_time"})}, If_Match='"1"')
    assert (grown.status_code, len(grown.json()["members"]), grown.headers["ETag"]) == (200, 4, '"2"')
    too_few = post(api, f"{COMMITTEES}/{committee['id']}/change-members", {"members": members()[:2]})
    assert (too_few.status_code, too_few.json()["field"]) == (422, "members")
    renewed = post(api, f"{COMMITTEES}/{committee['id']}/renew", {"term_start": "2029-01-01", "members": members()})
    assert (renewed.json()["term_start"], renewed.json()["term_end"]) == ("2029-01-01", "2031-12-31")
    assert get(api, f"{COMMITTEES}/{committee['id']}")["version"] == 3


def test_a_mediator_assigned_through_a_committee_must_be_its_member(api):
    committee = post(api, COMMITTEES, committee_body()).json()
    dispute = post(api, DISPUTES, {"level": "village", "village": "v01", "source": "screening", "category": "other",
                                   "parties": [{"name": "张三"}], "people_involved": 1, "description": "d"}).json()
    post(api, f"{DISPUTES}/{dispute['id']}/accept")
    stranger = post(api, f"{DISPUTES}/{dispute['id']}/assign", {"mediator": "孙某", "committee_id": committee["id"]})
    assert (stranger.status_code, stranger.json()["field"]) == (422, "mediator")
    member = post(api, f"{DISPUTES}/{dispute['id']}/assign", {"mediator": "赵女士", "committee_id": committee["id"]})
    assert (member.json()["mediator"], member.json()["committee_id"]) == ("赵女士", committee["id"])
    unknown = post(api, f"{DISPUTES}/{dispute['id']}/assign", {"mediator": "赵女士", "committee_id": "nope"})
    assert (unknown.status_code, unknown.json()["field"]) == (422, "committee_id")


def test_screening_rounds_list_reports_and_the_villages_still_missing(api):
    found = post(api, DISPUTES, {"level": "village", "village": "v02", "source": "screening", "category": "neighbours",
                                 "parties": [{"name": "张三"}], "people_involved": 1, "description": "d"}).json()
    zero = post(api, SCREENINGS, {"village": "v01", "month": "2026-03", "zero_report": True})
    with_case = post(api, SCREENINGS, {"village": "v02", "month": "2026-03", "dispute_ids": [found["id"]]})
    assert (zero.status_code, with_case.status_code) == (201, 201)
    listed = get(api, f"{SCREENINGS}?month=2026-03")["items"]
    assert [(r["village"], r["zero_report"], r["dispute_ids"]) for r in listed] == \
        [("v01", True, []), ("v02", False, [found["id"]])]
    missing = get(api, f"{SCREENINGS}/missing?month=2026-03")["villages"]
    assert missing == [f"v{i:02d}" for i in range(3, 17)]
    assert len(get(api, f"{SCREENINGS}/missing?month=2026-02")["villages"]) == 16


def test_a_village_reports_its_month_once(api):
    first = post(api, SCREENINGS, {"village": "v01", "month": "2026-03", "zero_report": True})
    again = post(api, SCREENINGS, {"village": "v01", "month": "2026-03", "zero_report": True})
    assert (again.status_code, again.json()["id"], again.headers["Idempotent-Replayed"]) == \
        (201, first.json()["id"], "true")
    dispute = post(api, DISPUTES, {"level": "village", "village": "v01", "source": "screening", "category": "other",
                                   "parties": [{"name": "张三"}], "people_involved": 1, "description": "d"}).json()
    changed = post(api, SCREENINGS, {"village": "v01", "month": "2026-03", "dispute_ids": [dispute["id"]]})
    assert (changed.status_code, changed.json()["field"]) == (409, "month")
    assert get(api, f"{SCREENINGS}?month=2026-03")["items"][0]["zero_report"] is True


def test_a_screening_lists_only_disputes_of_its_village(api):
    elsewhere = post(api, DISPUTES, {"level": "village", "village": "v05", "source": "screening", "category": "other",
                                     "parties": [{"name": "张三"}], "people_involved": 1, "description": "d"}).json()
    refused = post(api, SCREENINGS, {"village": "v01", "month": "2026-03", "dispute_ids": [elsewhere["id"]]})
    assert (refused.status_code, refused.json()["field"]) == (422, "dispute_ids.0")
    assert get(api, f"{SCREENINGS}?month=2026-03")["items"] == []
