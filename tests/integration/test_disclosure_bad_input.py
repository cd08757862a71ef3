"""Bad input to the disclosure desk: a clear problem+json naming the field, and nothing stored."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest

from fazhi.clock import FixedClock

REQUESTS = "/v1/townships/houtai/requests"
PUBLICATIONS = "/v1/townships/houtai/publications"
APPLICATION = {"channel": "post", "applicant_type": "natural_person", "applicant": {"name": "李四"},
               "information_sought": "土地征收补偿标准", "received_on": "2025-09-26"}


@pytest.fixture
def desk(api_for):
    """The service on 2025-10-14, the 8th working day after a 2025-09-26 receipt (National Day between)."""
    api = api_for("disclosure", clock=FixedClock(datetime(2025, 10, 14, 2, tzinfo=timezone.utc)))
    api.officer = api.headers("houtai", roles=("disclosure_officer",))
    return api


def stored(api) -> int:
    """Events in the service's store, read on the app's own event loop."""
    store = api.client.app.state.runtime.store
    return len(api.client.portal.call(store.read_all, 0, 10_000))


def refused(api, path: str, body: dict, status: int, field: str, headers: dict | None = None) -> dict:
    """POST, expect the problem, and check the store did not change."""
    before = stored(api)
    response = api.client.post(path, json=body, headers=headers or api.officer)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["field"] == field and problem["detail"], problem
    assert stored(api) == before
    return problem


def received(api) -> str:
    return api.client.post(REQUESTS, json=APPLICATION, headers=api.officer).json()["id"]


def test_an_answer_to_an_unknown_request_is_404_naming_the_id(desk):
    refused(desk, f"{REQUESTS}/{uuid.uuid4()}/answer", {"outcome": "granted"}, 404, "id")


def test_an_answer_dated_before_receipt_is_422_naming_answered_on(desk):
    id = received(desk)
    problem = refused(desk, f"{REQUESTS}/{id}/answer", {"outcome": "granted", "answered_on": "2025-09-25"},
                      422, "answered_on")
    assert "receipt" in problem["detail"]


def test_an_unknown_outcome_code_is_422_naming_outcome(desk):
    refused(desk, f"{REQUESTS}/{received(desk)}/answer", {"outcome": "granted_mostly"}, 422, "outcome")


def test_a_second_extension_is_409(desk):
    id = received(desk)
    assert desk.client.post(f"{REQUESTS}/{id}/extend", json={"reason": "调档"}, headers=desk.officer).status_code == 200
    problem = refused(desk, f"{REQUESTS}/{id}/extend", {"reason": "再延"}, 409, "id")
    assert "only once" in problem["detail"]


def test_a_correction_asked_after_7_working_days_is_409_naming_asked_on(desk):
    problem = refused(desk, f"{REQUESTS}/{received(desk)}/ask-correction",
                      {"missing": "文号", "correct_by": "2025-10-31"}, 409, "asked_on")
    assert "2025-10-13" in problem["detail"]


def test_a_receipt_date_in_the_future_stores_no_request(desk):
    refused(desk, REQUESTS, {**APPLICATION, "received_on": "2025-10-15"}, 422, "received_on")


def test_an_invalid_id_number_is_422_naming_it(desk):
    body = {**APPLICATION, "applicant": {"name": "李四", "id_number": "110101199003074515"}}
    refused(desk, REQUESTS, body, 422, "applicant.id_number")


def test_an_organization_without_its_type_is_422_naming_org_type(desk):
    refused(desk, REQUESTS, {**APPLICATION, "applicant_type": "legal_person"}, 422, "org_type")


def test_an_unknown_field_is_refused_rather_than_ignored(desk):
    refused(desk, REQUESTS, {**APPLICATION, "recieved_on": "2025-09-26"}, 422, "recieved_on")


def test_a_publish_without_review_and_a_refusal_without_grounds_are_refused(desk):
    item = {"title": "通知", "body": "内容", "category": "agricultural_policy", "formed_on": "2025-10-10"}
    id = desk.client.post(PUBLICATIONS, json=item, headers=desk.officer).json()["id"]
    refused(desk, f"{PUBLICATIONS}/{id}/publish", {"channels": ["website"]}, 409, "revision")
    refused(desk, f"{PUBLICATIONS}/{id}/publish", {"channels": ["billboard"]}, 422, "channels.0")
    refused(desk, f"{PUBLICATIONS}/{id}/refuse", {"revision": 1, "grounds": []}, 422, "grounds")
    refused(desk, PUBLICATIONS, {**item, "body": None}, 422, "body")


def test_overdue_false_is_refused_rather_than_ignored(desk):
    response = desk.client.get(f"{REQUESTS}?overdue=false", headers=desk.officer)
    assert response.status_code == 422 and response.json()["field"] == "overdue"
