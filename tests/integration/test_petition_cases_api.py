"""The petition case API on real SQLite and PostgreSQL: lifecycle, deadlines, repeats, lists, scope."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fazhi.clock import FixedClock

BASE = "/v1/townships/houtai/petitions"
ZHANG, LI = "411422198001010010", "41142219750505002X"


def petition(**changes: object) -> dict[str, object]:
    body = {"channel": "letter", "petitioners": [{"name": "张三", "id_number": ZHANG, "phone": "13812345678"}],
            "subject": "村道修路占地补偿", "claims": ["补偿占地款"], "village": "v03"}
    return {**body, **changes}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2025, 3, 3, 2, tzinfo=UTC))  # 10:00 in Suixian, Monday 3 March 2025


@pytest.fixture
def api(api_for, clock):
    return api_for("petition", clock=clock)


def register(api, **changes: object) -> dict:
    response = api.client.post(BASE, json=petition(**changes), headers=api.headers(roles=("petition_officer",)))
    assert response.status_code == 201, response.text
    return response.json()


def command(api, case_id: str, verb: str, body: dict | None = None, role: str = "petition_officer", **headers: str):
    return api.client.post(f"{BASE}/{case_id}/{verb}", json=body, headers=api.headers(roles=(role,), **headers))


def ok(response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


def read(api, case_id: str) -> dict:
    return ok(api.client.get(f"{BASE}/{case_id}", headers=api.headers(roles=("leader",))))


def test_a_petition_goes_from_registration_to_the_final_recheck_opinion_with_its_deadlines(api, clock):
    created = api.client.post(BASE, json=petition(), headers=api.headers(roles=("petition_officer",)))
    case = created.json()
    assert (created.status_code, created.headers["Location"], created.headers["ETag"]) == (
        201, f"{BASE}/{case['id']}", '"1"')
    assert (case["status"], case["due_on"], case["overdue"]) == ("registered", "2025-03-18", False)
    accepted = ok(command(api, case["id"], "decide-acceptance", {"decision": "accept"}, role="leader"))
    assert (accepted["status"], accepted["due_on"], accepted["acceptance"]["decision"]) == (
        "accepted", "2025-05-06", "accept")  # day 60 is 2 May, in the May Day holiday
    ok(command(api, case["id"], "handle", {"step": "investigation", "note": "实地查看"}))
    extended = ok(command(api, case["id"], "extend", {"days": 20, "reason": "需测绘", "approved_by": "王乡长"}))
    assert extended["due_on"] == "2025-05-22"
    clock.set(datetime(2025, 4, 1, 2, tzinfo=UTC))
    replied = ok(command(api, case["id"], "reply", {"finding": "explained", "content": "依法解释"}))
    assert (replied["due_on"], replied["deadlines"]["review_request_by"]) == (None, "2025-05-06")
    ok(command(api, case["id"], "record-satisfaction", {"satisfaction": "unsatisfied"}))
    clock.set(datetime(2025, 5, 6, 2, tzinfo=UTC))  # the last day, after the holiday roll-forward
    review = ok(command(api, case["id"], "request-review", {"organ": "睢县信访局"}))
    assert (review["status"], review["due_on"]) == ("review_requested", "2025-06-05")
    reviewed = ok(command(api, case["id"], "decide-review", {"decision": "upheld", "content": "维持"}))
    assert reviewed["deadlines"]["recheck_request_by"] == "2025-06-05"
    ok(command(api, case["id"], "request-recheck", {"organ": "商丘市信访局"}))
    final = ok(command(api, case["id"], "decide-recheck", {"decision": "upheld", "content": "维持"}))
    assert (final["status"], final["due_on"], final["version"]) == ("rechecked", None, 10)
    history = ok(api.client.get(f"{BASE}/{case['id']}/events", headers=api.headers(roles=("leader",))))
    assert [e["type"].rsplit(".", 1)[1] for e in history["items"]] == [
        "registered", "accepted", "handling_recorded", "extended", "replied", "satisfaction_recorded",
        "review_requested", "reviewed", "recheck_requested", "rechecked"]


def test_a_review_request_on_day_31_after_the_reply_is_refused_with_the_reason(api, clock):
    case = register(api)
    ok(command(api, case["id"], "decide-acceptance", {"decision": "accept"}))
    ok(command(api, case["id"], "reply", {"finding": "not_supported", "content": "不予支持"}))  # 3 March
    clock.set(datetime(2025, 4, 3, 2, tzinfo=UTC))  # day 31; day 30 (2 April) was a working day
    refused = command(api, case["id"], "request-review", {"organ": "睢县信访局"})
    problem = refused.json()
    assert (refused.status_code, refused.headers["content-type"], problem["field"]) == (
        409, "application/problem+json", "requested_on")
    assert "within 30 days" in problem["detail"] and "ended on 2025-04-02" in problem["detail"]
    assert (read(api, case["id"])["status"], read(api, case["id"])["version"]) == ("replied", 3)


def test_handling_is_extended_only_once_and_by_at_most_thirty_days(api):
    case = register(api)
    ok(command(api, case["id"], "decide-acceptance", {"decision": "accept"}))
    too_long = command(api, case["id"], "extend", {"days": 31, "reason": "复杂", "approved_by": "王乡长"})
    assert (too_long.status_code, too_long.json()["field"]) == (422, "days")
    ok(command(api, case["id"], "extend", {"days": 30, "reason": "复杂", "approved_by": "王乡长"}))
    second = command(api, case["id"], "extend", {"days": 5, "reason": "还需时间", "approved_by": "王乡长"})
    assert (second.status_code, second.json()["field"]) == (409, "extension")
    assert read(api, case["id"])["due_on"] == "2025-06-03"


def test_repeat_petitions_by_the_same_person_on_the_same_matter_are_linked_and_show_the_chain(api, clock):
    first = register(api)
    clock.advance(days=20)
    other_matter = register(api, subject="低保申请")
    other_person = register(api, petitioners=[{"name": "李四", "id_number": LI}])
    clock.advance(days=20)
    repeat = register(api, channel="visit", subject="村道 修路、占地补偿！")
    assert (repeat["repeat_of"], repeat["repeat_count"], repeat["earlier_cases"]) == (first["id"], 1, [first["id"]])
    assert (other_matter["repeat_of"], other_person["repeat_of"]) == (None, None)
    for case_id in (first["id"], repeat["id"]):
        assert [link["case_id"] for link in read(api, case_id)["chain"]] == [first["id"], repeat["id"]]
    third = register(api, matter="村道修路占地补偿", subject="再次反映占地补偿")
    assert (third["repeat_of"], third["earlier_cases"]) == (repeat["id"], [first["id"], repeat["id"]])


def test_replicas_link_each_others_repeats_only_while_they_share_one_person_key(api_for, clock):
    key = "a-person-key-for-this-test-only-0123456789"
    replica, other_replica = (api_for("petition", clock=clock, person_key=key) for _ in range(2))
    first = register(replica)
    clock.advance(days=20)
    assert register(other_replica, channel="visit")["repeat_of"] == first["id"]
    rekeyed = api_for("petition", clock=clock, person_key=key[::-1])
    assert register(rekeyed, channel="phone")["repeat_of"] is None  # under a changed key earlier cases are lost


def test_after_a_recheck_opinion_the_same_claim_is_not_accepted_again(api, clock):
    first = register(api)
    steps = [("decide-acceptance", {"decision": "accept"}), ("reply", {"finding": "explained", "content": "答复"}),
             ("request-review", {"organ": "县信访局"}), ("decide-review", {"decision": "upheld", "content": "维持"}),
             ("request-recheck", {"organ": "市信访局"}), ("decide-recheck", {"decision": "upheld", "content": "维持"})]
    for verb, body in steps:
        ok(command(api, first["id"], verb, body))
    clock.advance(days=40)
    again = register(api, channel="phone")
    refused = command(api, again["id"], "decide-acceptance", {"decision": "accept"}, role="leader")
    assert (refused.status_code, refused.json()["field"]) == (409, "decision")
    assert first["id"] in refused.json()["detail"] and "not accepted again" in refused.json()["detail"]
    declined = ok(command(api, again["id"], "decide-acceptance",
                          {"decision": "decline", "route": "concluded", "reason": "已复核终结"}, role="leader"))
    assert (declined["status"], declined["acceptance"]["route"]) == ("declined", "concluded")


def test_overdue_cases_are_flagged_and_listed_with_the_filters_officers_use(api, clock):
    late = register(api)
    clock.advance(minutes=5)  # lists are newest first
    answered = register(api, channel="visit", petitioners=[], village="v05", group_size=30,
                        representatives=[{"name": "李四", "id_number": LI}])
    ok(command(api, answered["id"], "decide-acceptance", {"decision": "accept"}))
    clock.advance(days=16)  # past the 15-day acceptance period of 18 March
    listed = ok(api.client.get(f"{BASE}?overdue=true", headers=api.headers(roles=("leader",))))
    assert [c["id"] for c in listed["items"]] == [late["id"]] and listed["items"][0]["overdue"] is True
    for query, expected in (("status=accepted", [answered["id"]]), ("channel=visit", [answered["id"]]),
                            ("village=v03", [late["id"]]), ("", [answered["id"], late["id"]])):
        items = ok(api.client.get(f"{BASE}?{query}", headers=api.headers(roles=("leader",))))["items"]
        assert [c["id"] for c in items] == expected, query


def test_a_retried_registration_returns_the_first_case_and_if_match_guards_commands(api):
    headers = api.headers(roles=("petition_officer",), Idempotency_Key="desk-7")
    first = api.client.post(BASE, json=petition(), headers=headers)
    retry = api.client.post(BASE, json=petition(), headers=headers)
    assert (retry.status_code, retry.json()["id"], retry.headers["Idempotent-Replayed"]) == (
        201, first.json()["id"], "true")
    assert len(ok(api.client.get(BASE, headers=api.headers(roles=("leader",))))["items"]) == 1
    case_id = first.json()["id"]
    ok(command(api, case_id, "decide-acceptance", {"decision": "accept"}, If_Match='"1"'))
    stale = command(api, case_id, "handle", {"step": "hearing", "note": "听证"}, If_Match='"1"')
    assert (stale.status_code, read(api, case_id)["version"]) == (412, 2)


def test_roles_the_leader_decides_acceptance_the_county_reads_masked_and_neither_replies(api):
    case = register(api)
    assert command(api, case["id"], "decide-acceptance", {"decision": "accept"}, role="county_supervisor"
                   ).status_code == 403
    ok(command(api, case["id"], "decide-acceptance", {"decision": "accept"}, role="leader"))
    assert command(api, case["id"], "reply", {"finding": "supported", "content": "支持"}, role="leader"
                   ).status_code == 403
    county = api.client.get(f"{BASE}/{case['id']}", headers=api.headers("zhoutang", roles=("county_supervisor",),
                                                                        county=True))
    person = ok(county)["petitioners"][0]
    assert (person["name"], person["id_number"], person["phone"]) == ("张*", "411422********0010", "138****5678")
    assert api.client.post(BASE, json=petition(), headers=api.headers("zhoutang", roles=("county_supervisor",),
                                                                   county=True)).status_code == 403


def test_rebuilding_the_projections_gives_the_same_cases_and_repeat_links(api, clock):
    first = register(api)
    clock.advance(days=1)
    repeat = register(api)
    before = read(api, repeat["id"])
    rebuilt = ok(api.client.post("/v1/admin/projections/rebuild", headers=api.headers(county=True)))
    assert rebuilt["rebuilt"]["documents"] == {"petition": 2}
    assert read(api, repeat["id"]) == before and [c["case_id"] for c in before["chain"]] == [first["id"], repeat["id"]]
