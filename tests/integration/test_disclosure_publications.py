"""Publications over HTTP on SQLite and PostgreSQL: the review gate, roles, overdue lists, public reading."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from fazhi.clock import FixedClock

BASE = "/v1/townships/houtai/publications"
PUBLIC = "/v1/public/townships/houtai/publications"
ID = "110101199003074514"
ITEM = {"title": "2026年第一季度低保名单", "body": f"户主身份证 {ID}，电话 13812345678",
        "category": "social_assistance", "formed_on": "2026-02-27"}


@pytest.fixture
def desk(api_for):
    """The service at 2026-03-02 (Monday), and headers for the officer, a leader and a supervisor."""
    clock = FixedClock(datetime(2026, 3, 2, 2, tzinfo=timezone.utc))
    api = api_for("disclosure", clock=clock)
    api.clock = clock
    api.officer = api.headers("houtai", roles=("disclosure_officer",))
    api.leader = api.headers("houtai", roles=("leader",))
    return api


def stored_events(api) -> int:
    """How many events the service's store holds, read on the app's own event loop."""
    store = api.client.app.state.runtime.store
    return len(api.client.portal.call(store.read_all, 0, 10_000))


def problem(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert field is None or body["field"] == field, body
    return body


def post(api, path: str, body: dict, headers: dict | None = None):
    return api.client.post(path, json=body, headers=headers or api.officer)


def drafted(api, **changes) -> str:
    response = post(api, BASE, {**ITEM, **changes})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def approved(api) -> str:
    id = drafted(api)
    assert post(api, f"{BASE}/{id}/submit-review", {"revision": 1}).status_code == 200
    assert post(api, f"{BASE}/{id}/approve", {"revision": 1, "comment": "内部意见：可公开"}, api.leader).status_code == 200
    return id


def test_an_item_goes_from_draft_through_review_to_publication_and_withdrawal(desk):
    response = post(desk, BASE, ITEM)
    assert response.status_code == 201 and response.headers["ETag"] == '"1"'
    id = response.json()["id"]
    assert response.headers["Location"] == f"{BASE}/{id}"
    # formed Friday 02-27; Saturday 02-28 is a make-up working day (调休), so day 20 is 03-26
    assert response.json()["due_on"] == "2026-03-26" and response.json()["mandatory"] is True
    post(desk, f"{BASE}/{id}/submit-review", {"revision": 1})
    review = post(desk, f"{BASE}/{id}/approve", {"revision": 1, "comment": "无涉密"}, desk.leader).json()
    assert review["reviews"][0]["status"] == "approved" and review["reviews"][0]["reviewer"] == "tester"
    published = post(desk, f"{BASE}/{id}/publish", {"channels": ["website", "notice_board"]})
    assert published.json()["status"] == "published" and published.headers["ETag"] == '"4"'
    assert desk.client.get(f"{PUBLIC}/{id}").status_code == 200
    assert post(desk, f"{BASE}/{id}/withdraw", {"reason": "名单有误"}).json()["status"] == "withdrawn"
    problem(desk.client.get(f"{PUBLIC}/{id}"), 404, "id")
    assert desk.client.get(PUBLIC).json()["items"] == []


def test_publishing_an_unreviewed_revision_is_refused_and_stores_nothing(desk):
    id = drafted(desk)
    before = stored_events(desk)
    problem(post(desk, f"{BASE}/{id}/publish", {"channels": ["website"]}), 409, "revision")
    assert stored_events(desk) == before
    assert desk.client.get(f"{BASE}/{id}", headers=desk.officer).json()["status"] == "draft"


def test_a_revision_after_approval_cannot_be_published_until_it_is_reviewed_itself(desk):
    id = approved(desk)
    assert post(desk, f"{BASE}/{id}/revise", {"body": "改过的名单"}).json()["revision"] == 2
    problem(post(desk, f"{BASE}/{id}/publish", {"channels": ["website"], "revision": 1}), 409, "revision")
    problem(post(desk, f"{BASE}/{id}/publish", {"channels": ["website"]}), 409, "revision")
    problem(post(desk, f"{BASE}/{id}/approve", {"revision": 1}, desk.leader), 409, "revision")
    post(desk, f"{BASE}/{id}/submit-review", {"revision": 2})
    post(desk, f"{BASE}/{id}/approve", {"revision": 2}, desk.leader)
    assert post(desk, f"{BASE}/{id}/publish", {"channels": ["wechat"]}).json()["published"]["revision"] == 2


def test_roles_the_officer_and_leader_approve_the_supervisor_reads_others_are_refused(desk):
    id = drafted(desk)
    post(desk, f"{BASE}/{id}/submit-review", {"revision": 1})
    supervisor = desk.headers(county=True, roles=("county_supervisor",))
    assert desk.client.get(f"{BASE}/{id}", headers=supervisor).status_code == 200
    problem(post(desk, BASE, ITEM, supervisor), 403)
    problem(post(desk, f"{BASE}/{id}/approve", {"revision": 1}, desk.headers("houtai", roles=("mediator",))), 403)
    problem(post(desk, BASE, ITEM, desk.headers("zhoutang", roles=("disclosure_officer",))), 403, "township")
    assert post(desk, f"{BASE}/{id}/approve", {"revision": 1}).status_code == 200  # the officer may approve


def test_items_past_20_working_days_unpublished_are_listed_as_overdue(desk):
    late = drafted(desk, formed_on="2026-01-20")  # due 2026-02-24
    on_time = drafted(desk, formed_on="2026-02-27")
    listed = desk.client.get(f"{BASE}?overdue=true", headers=desk.officer).json()["items"]
    assert [(x["id"], x["overdue"], x["due_on"]) for x in listed] == [(late, True, "2026-02-24")]
    everything = desk.client.get(BASE, headers=desk.officer).json()["items"]
    assert {x["id"] for x in everything} == {late, on_time}
    desk.clock.set(datetime(2026, 3, 30, 2, tzinfo=timezone.utc))
    assert len(desk.client.get(f"{BASE}?overdue=true", headers=desk.officer).json()["items"]) == 2


def test_the_public_sees_published_items_only_without_reviewers_comments_drafts_or_numbers(desk):
    id = approved(desk)
    post(desk, f"{BASE}/{id}/publish", {"channels": ["website"]})
    post(desk, f"{BASE}/{id}/revise", {"body": "未审查的新稿 UNREVIEWED"})
    draft_only = drafted(desk, title="草稿 DRAFT-ONLY")
    listed = desk.client.get(PUBLIC).json()["items"]
    assert [x["id"] for x in listed] == [id]
    item = desk.client.get(f"{PUBLIC}/{id}").json()
    assert set(item) == {"id", "title", "category", "body", "attachment", "channels", "published_at",
                         "category_label", "channels_labels"}  # the labels of its codes, nothing more
    assert item["body"] == "户主身份证 110101********4514，电话 138****5678"
    text = desk.client.get(PUBLIC).text + desk.client.get(f"{PUBLIC}/{id}").text
    for secret in (ID, "13812345678", "UNREVIEWED", "内部意见", "tester", "reviews", "DRAFT-ONLY"):
        assert secret not in text
    problem(desk.client.get(f"{PUBLIC}/{draft_only}"), 404, "id")
    problem(desk.client.get(f"/v1/public/townships/zhoutang/publications/{id}"), 404, "id")


def test_a_retried_draft_with_the_same_idempotency_key_is_one_item(desk):
    headers = {**desk.officer, "Idempotency-Key": "draft-1"}
    first, again = post(desk, BASE, ITEM, headers), post(desk, BASE, ITEM, headers)
    assert first.json()["id"] == again.json()["id"]
    assert len(desk.client.get(BASE, headers=desk.officer).json()["items"]) == 1


def test_a_command_against_a_stale_version_is_412(desk):
    id = drafted(desk)
    post(desk, f"{BASE}/{id}/submit-review", {"revision": 1})
    problem(post(desk, f"{BASE}/{id}/revise", {"body": "x"}, {**desk.officer, "If-Match": '"1"'}), 412, "If-Match")


def test_a_rebuild_from_the_events_gives_the_same_desk_and_public_views(desk):
    id = approved(desk)
    post(desk, f"{BASE}/{id}/publish", {"channels": ["website"]})
    before = (desk.client.get(f"{BASE}/{id}", headers=desk.officer).json(), desk.client.get(PUBLIC).json())
    admin = desk.headers("houtai", roles=("admin",), county=True)
    assert desk.client.post("/v1/admin/projections/rebuild", headers=admin).json()["rebuilt"]["documents"] == {
        "publication": 1}
    assert (desk.client.get(f"{BASE}/{id}", headers=desk.officer).json(), desk.client.get(PUBLIC).json()) == before
