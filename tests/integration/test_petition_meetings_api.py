"""Reception days and deputies' suggestions through the API, on real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fazhi.clock import FixedClock

TOWNSHIP = "/v1/townships/houtai"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2025, 3, 3, 2, tzinfo=UTC))  # Monday 3 March 2025


@pytest.fixture
def api(api_for, clock):
    return api_for("petition", clock=clock)


def post(api, url: str, body: dict | None = None, role: str = "petition_officer", status: int = 200) -> dict:
    response = api.client.post(url, json=body, headers=api.headers(roles=(role,)))
    assert response.status_code == status, response.text
    return response.json()


def test_a_joint_reception_is_held_records_its_visitors_and_cases_and_is_closed(api, clock):
    day = post(api, f"{TOWNSHIP}/reception-days", {
        "kind": "joint", "day": "2025-03-05", "place": "后台乡社会治理中心", "leader": "王乡长",
        "participants": [{"name": "赵代表", "role": "npc_deputy"}, {"name": "钱委员", "role": "cppcc_member"}]},
        role="leader", status=201)
    url = f"{TOWNSHIP}/reception-days/{day['id']}"
    too_early = api.client.post(f"{url}/hold", headers=api.headers(roles=("leader",)))
    assert (too_early.status_code, too_early.json()["field"]) == (409, "day")
    clock.set(datetime(2025, 3, 5, 2, tzinfo=UTC))
    post(api, f"{url}/hold", role="leader")
    case = post(api, f"{TOWNSHIP}/petitions", {"channel": "visit", "petitioners": [{"name": "张三"}],
                                               "subject": "灌溉水渠", "claims": ["修渠"]}, status=201)
    post(api, f"{url}/record-visitors", {"visitors": 6, "case_ids": [case["id"]]})
    post(api, f"{url}/record-visitors", {"visitors": 2})
    closed = post(api, f"{url}/close", {"summary": "接待8人，登记1件"}, role="leader")
    assert (closed["status"], closed["visitors"], closed["case_ids"], len(closed["participants"])) == (
        "closed", 8, [case["id"]], 2)
    listed = api.client.get(f"{TOWNSHIP}/reception-days?kind=joint", headers=api.headers(roles=("county_supervisor",),
                                                                                        county=True))
    assert [d["id"] for d in listed.json()["items"]] == [day["id"]]


def test_a_leaders_reception_day_not_yet_held_can_be_cancelled_with_a_reason(api):
    day = post(api, f"{TOWNSHIP}/reception-days", {"kind": "leader", "day": "2025-03-10", "place": "乡政府",
                                                   "leader": "李书记"}, role="leader", status=201)
    cancelled = post(api, f"{TOWNSHIP}/reception-days/{day['id']}/cancel", {"reason": "上级会议"})
    assert (cancelled["status"], cancelled["cancellation"]["reason"]) == ("cancelled", "上级会议")
    listed = api.client.get(f"{TOWNSHIP}/reception-days?status=scheduled", headers=api.headers(roles=("leader",)))
    assert listed.json()["items"] == []


def test_a_deputys_suggestion_is_answered_re_handled_when_unsatisfied_and_closed_on_satisfaction(api, clock):
    s = post(api, f"{TOWNSHIP}/suggestions", {"kind": "deputy_suggestion", "author": "赵代表", "title": "修缮村道",
                                              "content": "建议硬化v03村道"}, status=201)
    url = f"{TOWNSHIP}/suggestions/{s['id']}"
    assigned = post(api, f"{url}/assign", {"office": "乡村建设办", "complex": True})
    assert (assigned["status"], assigned["due_on"], assigned["assignment"]["months"]) == ("assigned", "2025-09-03", 6)
    clock.set(datetime(2025, 9, 4, 2, tzinfo=UTC))
    overdue = api.client.get(f"{TOWNSHIP}/suggestions?overdue=true", headers=api.headers(roles=("leader",)))
    assert [x["id"] for x in overdue.json()["items"]] == [s["id"]] and overdue.json()["items"][0]["overdue"]
    answered = post(api, f"{url}/answer", {"answer": "已列入年度计划"})
    assert answered["answers"][0]["late"] is True
    post(api, f"{url}/record-feedback", {"feedback": "unsatisfied", "note": "未明确时间"})
    again = post(api, f"{url}/rehandle", {"reason": "代表不满意"})
    assert (again["status"], again["round"], again["due_on"]) == ("assigned", 2, "2026-03-04")
    post(api, f"{url}/answer", {"answer": "2026年6月前完成"})
    closed = post(api, f"{url}/record-feedback", {"feedback": "basically"})
    assert (closed["status"], closed["overdue"], [f["feedback"] for f in closed["feedback"]]) == (
        "closed", False, ["unsatisfied", "basically"])


def test_a_members_proposal_is_answered_within_three_months_and_only_the_desk_handles_it(api):
    s = post(api, f"{TOWNSHIP}/suggestions", {"kind": "member_proposal", "author": "钱委员", "title": "农村养老",
                                              "content": "建议建设互助幸福院"}, status=201)
    url = f"{TOWNSHIP}/suggestions/{s['id']}"
    assert api.client.post(f"{url}/assign", json={"office": "民政所"}, headers=api.headers(roles=("leader",))
                           ).status_code == 403
    assert post(api, f"{url}/assign", {"office": "民政所"})["due_on"] == "2025-06-03"
    listed = api.client.get(f"{TOWNSHIP}/suggestions?kind=member_proposal&status=assigned",
                            headers=api.headers(roles=("leader",)))
    assert [x["id"] for x in listed.json()["items"]] == [s["id"]]
