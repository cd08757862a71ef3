"""Requests over HTTP on SQLite and PostgreSQL: the reply clock as the calendar and the clock move."""

from __future__ import annotations

from datetime import datetime

import pytest

from fazhi.clock import FixedClock

BASE = "/v1/townships/houtai/requests"
APPLICATION = {"channel": "in_person", "applicant_type": "natural_person",
               "applicant": {"name": "张三", "id_number": "110101199003074514", "phone": "13812345678"},
               "information_sought": "2025年度低保资金发放明细", "received_on": "2026-02-10"}


def at(day: str) -> datetime:
    """10:00 in China on that day."""
    return datetime.fromisoformat(f"{day}T02:00:00+00:00")


@pytest.fixture
def desk(api_for):
    clock = FixedClock(at("2026-02-10"))
    api = api_for("disclosure", clock=clock)
    api.clock = clock
    api.officer = api.headers("houtai", roles=("disclosure_officer",))
    return api


def received(api, **changes) -> dict:
    response = api.client.post(BASE, json={**APPLICATION, **changes}, headers=api.officer)
    assert response.status_code == 201, response.text
    return response.json()


def act(api, id: str, verb: str, body: dict, day: str | None = None, headers: dict | None = None) -> dict:
    if day:
        api.clock.set(at(day))
    response = api.client.post(f"{BASE}/{id}/{verb}", json=body, headers=headers or api.officer)
    assert response.status_code == 200, response.text
    return response.json()


def shown(api, id: str, day: str) -> dict:
    api.clock.set(at(day))
    return api.client.get(f"{BASE}/{id}", headers=api.officer).json()


def clock_of(case: dict) -> tuple:
    return case["due_on"], case["extended_due_on"], case["paused_workdays"], case["provisional"], case["overdue"]


def test_a_request_received_before_spring_festival_is_due_on_2026_03_16_and_shows_its_clock(desk):
    case = received(desk)
    assert case["status"] == "processing" and case["free"] is True
    assert clock_of(case) == ("2026-03-16", None, 0, False, False)
    assert clock_of(shown(desk, case["id"], "2026-03-17")) == ("2026-03-16", None, 0, False, True)
    overdue = desk.client.get(f"{BASE}?overdue=true", headers=desk.officer).json()["items"]
    assert [x["id"] for x in overdue] == [case["id"]]


def test_consultation_pauses_and_extension_push_the_deadline_and_the_answer_is_on_time(desk):
    id = received(desk)["id"]
    act(desk, id, "consult", {"consultee": {"name": "某合作社", "phone": "13900001111"}}, "2026-02-12")
    paused = shown(desk, id, "2026-02-25")
    assert paused["status"] == "consulting" and paused["paused_workdays"] == 4 and paused["overdue"] is False
    assert desk.client.get(f"{BASE}?overdue=true", headers=desk.officer).json()["items"] == []
    answered = act(desk, id, "consultation-answered", {"opinion": "objects"}, "2026-02-26")
    assert clock_of(answered)[:3] == ("2026-03-23", None, 5)  # 02-13, 02-14, 02-24, 02-25, 02-26 not counted
    approver = desk.headers("houtai", roles=("leader",))
    extended = act(desk, id, "extend", {"reason": "需第三方补充材料"}, "2026-03-19", approver)
    assert extended["extended_due_on"] == "2026-04-21" and extended["extension"]["approved_by"] == "tester"
    done = act(desk, id, "answer", {"outcome": "partly_granted", "summary": "部分公开"}, "2026-04-20")
    assert done["conclusion"]["on_time"] is True and done["conclusion"]["outcome_label"] == "部分公开"
    assert clock_of(shown(desk, id, "2026-06-01")) == ("2026-03-23", "2026-04-21", 5, False, False)


def test_a_correction_restarts_the_clock_and_a_missed_one_closes_the_application(desk):
    corrected, missed = received(desk)["id"], received(desk)["id"]
    for id in (corrected, missed):
        waiting = act(desk, id, "ask-correction", {"missing": "请写明文号", "correct_by": "2026-02-27"}, "2026-02-12")
        assert waiting["status"] == "awaiting_correction" and waiting["due_on"] is None
    restarted = act(desk, corrected, "receive-correction", {"received_on": "2026-02-25"}, "2026-02-26")
    assert restarted["due_on"] == "2026-03-24" and restarted["correction"]["received_on"] == "2026-02-25"
    closed = act(desk, missed, "abandon", {}, "2026-03-02")
    assert closed["status"] == "abandoned" and closed["conclusion"]["outcome"] == "other_no_correction"
    assert (closed["due_on"], closed["overdue"]) == (None, False)  # its clock stopped for the correction


def test_a_year_the_calendar_does_not_know_gives_provisional_deadlines_not_errors(desk):
    desk.clock.set(at("2026-12-15"))
    case = received(desk, received_on="2026-12-15")
    assert clock_of(case) == ("2027-01-12", None, 0, True, False)
    extended = act(desk, case["id"], "extend", {"reason": "年底"}, "2027-01-05")
    assert extended["extended_due_on"] == "2027-02-09" and extended["provisional"] is True
    assert act(desk, case["id"], "answer", {"outcome": "granted"}, "2027-02-01")["conclusion"]["on_time"] is True


def test_an_organization_applicant_a_fee_and_the_appeals_of_table_4_are_recorded(desk):
    case = received(desk, applicant_type="legal_person", org_type="commercial_enterprise",
                    applicant={"name": "某农业公司", "credit_code": "91410422MA44XXXX0K"})
    assert (case["applicant_type"], case["org_type"]) == ("legal_person", "commercial_enterprise")
    id = case["id"]
    fee = act(desk, id, "charge-fee", {"amount": "100.00", "basis": "per_item", "note": "本月第11件"})
    assert fee["fee"]["amount"] == "100.00" and fee["free"] is False
    act(desk, id, "answer", {"outcome": "refused_third_party_rights"}, "2026-02-20")
    act(desk, id, "record-review", {"filed_on": "2026-03-02"}, "2026-03-02")
    act(desk, id, "record-review-result", {"result": "maintained"}, "2026-04-01")
    act(desk, id, "record-lawsuit", {"filed_on": "2026-04-10"}, "2026-04-10")
    done = act(desk, id, "record-lawsuit-result", {"result": "corrected", "decided_on": "2026-06-01"}, "2026-06-02")
    assert done["administrative_review"]["result"] == "maintained"
    assert (done["lawsuit"]["after_review"], done["lawsuit"]["result"]) == (True, "corrected")


def test_lists_filter_by_status_and_applicant_type(desk):
    person = received(desk)["id"]
    org = received(desk, applicant_type="legal_person", org_type="other", applicant={"name": "某协会"})["id"]
    act(desk, person, "answer", {"outcome": "granted"})

    def ids(query: str) -> list[str]:
        return [x["id"] for x in desk.client.get(f"{BASE}?{query}", headers=desk.officer).json()["items"]]

    assert ids("status=answered") == [person] and ids("status=processing") == [org]
    assert ids("applicant_type=legal_person") == [org]


def test_a_rebuild_gives_the_same_request_views(desk):
    id = received(desk)["id"]
    act(desk, id, "consult", {"consultee": {"name": "某局", "organ": True}}, "2026-02-12")
    before = shown(desk, id, "2026-02-26")
    admin = desk.headers("houtai", roles=("admin",), county=True)
    assert desk.client.post("/v1/admin/projections/rebuild", headers=admin).json()["rebuilt"]["documents"] == {
        "request": 1}
    assert shown(desk, id, "2026-02-26") == before
