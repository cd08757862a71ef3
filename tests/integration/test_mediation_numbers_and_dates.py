"""Mediation on real SQLite and PostgreSQL: case numbers, the day a dispute arrived, provisional
deadlines, and lists with totals, orders, date ranges and search."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from fazhi.clock import FixedClock
from tests.integration.test_mediation_api import BASE, dispute_body

DEMO = Path(__file__).resolve().parents[2] / "fazhi" / "demo_county.yaml"
NOTICE_2027 = """holidays:
  2027:
    holidays: [2027-01-01, 2027-01-14, 2027-01-15]
    workdays: []
"""


def register(api, **changes: object) -> dict:
    response = api.client.post(BASE, json=dispute_body(**changes), headers=api.headers("houtai", roles=("mediator",)))
    assert response.status_code == 201, response.text
    return response.json()


def listing(api, query: str = "", roles: tuple[str, ...] = ("leader",), **kw) -> httpx.Response:
    return api.client.get(f"{BASE}{query}", headers=api.headers("houtai", roles=roles, **kw))


def test_disputes_are_numbered_in_order_per_township_and_year(api_for):
    api = api_for("mediation", clock=FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC)))
    disputes = [register(api) for _ in range(3)]
    numbers = [d["case_number"] for d in disputes]
    assert numbers == ["（2026）后调字第1号", "（2026）后调字第2号", "（2026）后调字第3号"]
    other = api.client.post("/v1/townships/zhoutang/disputes", json=dispute_body(village="v02"),
                            headers=api.headers("zhoutang", roles=("mediator",)))
    assert other.json()["case_number"] == "（2026）周调字第1号"
    history = api.client.get(f"{BASE}/{disputes[2]['id']}/events",
                             headers=api.headers("houtai", roles=("leader",))).json()
    assert history["items"][0]["data"]["case_number"] == "（2026）后调字第3号"  # in the registration event


def test_a_retried_registration_keeps_its_number_and_takes_no_other(api_for):
    api = api_for("mediation", clock=FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC)))
    headers = api.headers("houtai", roles=("mediator",), Idempotency_Key="k-1")
    first = api.client.post(BASE, json=dispute_body(), headers=headers).json()
    again = api.client.post(BASE, json=dispute_body(), headers=headers).json()
    assert first["case_number"] == again["case_number"] == "（2026）后调字第1号"
    assert register(api)["case_number"] == "（2026）后调字第2号"


def test_a_dispute_received_earlier_runs_its_deadline_from_that_day(api_for):
    api = api_for("mediation", clock=FixedClock(datetime(2026, 3, 12, 2, tzinfo=UTC)))
    dispute = register(api, received_on="2026-03-02")
    assert (dispute["received_on"], dispute["registered_on"], dispute["due_on"]) == \
        ("2026-03-02", "2026-03-12", "2026-04-01")
    assert dispute["registered_at"] == "2026-03-12T10:00:00+08:00"  # when it was entered, in county time
    history = api.client.get(f"{BASE}/{dispute['id']}/events", headers=api.headers("houtai", roles=("leader",)))
    event = history.json()["items"][0]
    assert (event["actor"], event["data"]["received_on"]) == ("tester", "2026-03-02")


@pytest.mark.parametrize(("day", "why"), [("2026-03-13", "in the future"), ("2025-03-11", "365 days")])
def test_a_received_on_in_the_future_or_too_far_back_is_refused_naming_the_field(api_for, day, why):
    api = api_for("mediation", clock=FixedClock(datetime(2026, 3, 12, 2, tzinfo=UTC)))
    response = api.client.post(BASE, json=dispute_body(received_on=day), headers=api.headers("houtai", roles=("mediator",)))
    assert response.status_code == 422
    problem = response.json()
    assert problem["field"] == "received_on" if "field" in problem else "received_on" in response.text
    assert why in response.text
    assert listing(api).json()["total"] == 0  # nothing half-written


def test_a_dispute_registered_in_december_has_provisional_deadlines_until_the_notice_comes(
        api_for, tmp_path):
    clock = FixedClock(datetime(2026, 12, 15, 2, tzinfo=UTC))
    api = api_for("mediation", clock=clock)
    dispute = register(api)
    assert dispute["deadlines"]["conclude_by"] == "2027-01-14"  # Monday–Friday only: a Thursday
    assert dispute["provisional"] is True and dispute["deadlines"]["provisional"] == ["conclude_by"]
    # The county file gets 2027's notice (here 14 and 15 January are rest days): counted again on reading.
    county = tmp_path / "county.yaml"
    county.write_text(DEMO.read_text(encoding="utf-8").replace("holidays: {}\n", NOTICE_2027), encoding="utf-8")
    informed = api_for("mediation", clock=clock, county_config=county)
    again = informed.client.get(f"{BASE}/{dispute['id']}", headers=informed.headers("houtai", roles=("leader",)))
    body = again.json()
    assert (body["deadlines"]["conclude_by"], body["due_on"], body["provisional"]) == ("2027-01-18", "2027-01-18", False)
    # The process that started with the notice wrote the list's due date again: lists filter on the new day.
    on_new_day = informed.client.get(f"{BASE}?due_from=2027-01-18&due_to=2027-01-18",
                                     headers=informed.headers("houtai", roles=("leader",))).json()
    assert [i["id"] for i in on_new_day["items"]] == [dispute["id"]]


def test_lists_have_a_total_an_order_date_ranges_and_search(api_for):
    clock = FixedClock(datetime(2026, 3, 12, 2, tzinfo=UTC))
    api = api_for("mediation", clock=clock)
    a = register(api, received_on="2026-03-01", parties=[{"name": "赵大"}], people_involved=1)
    b = register(api, received_on="2026-03-10", parties=[{"name": "钱二"}], people_involved=1)
    c = register(api, received_on="2026-03-05", parties=[{"name": "孙赵"}], people_involved=1)
    body = listing(api, "?limit=2").json()
    assert body["total"] == 3 and len(body["items"]) == 2
    assert [i["id"] for i in listing(api, "?sort=received").json()["items"]] == [a["id"], c["id"], b["id"]]
    assert [i["id"] for i in listing(api, "?sort=-due").json()["items"]] == [b["id"], c["id"], a["id"]]
    page = listing(api, "?sort=received&limit=2").json()
    rest = listing(api, f"?sort=received&limit=2&cursor={page['next_cursor']}").json()
    assert [i["id"] for i in page["items"] + rest["items"]] == [a["id"], c["id"], b["id"]]
    ranged = listing(api, "?received_from=2026-03-02&received_to=2026-03-09").json()
    assert (ranged["total"], ranged["items"][0]["id"]) == (1, c["id"])
    assert listing(api, "?due_to=2026-03-31").json()["total"] == 1
    assert listing(api, "?registered_from=2026-03-12&registered_to=2026-03-12").json()["total"] == 3
    assert listing(api, "?registered_to=2026-03-11").json()["total"] == 0
    found = listing(api, "?" + str(httpx.QueryParams(number=b["case_number"]))).json()
    assert [i["id"] for i in found["items"]] == [b["id"]]
    named = listing(api, "?" + str(httpx.QueryParams(name="赵")), roles=("mediator",)).json()  # the desk sees names
    assert {i["id"] for i in named["items"]} == {a["id"], c["id"]}
    bad = listing(api, "?received_from=2026-03-10&received_to=2026-03-01")
    assert bad.status_code == 422 and "received_to" in bad.text


def test_a_name_search_is_refused_to_a_reader_who_may_not_see_names(api_for):
    api = api_for("mediation", clock=FixedClock(datetime(2026, 3, 12, 2, tzinfo=UTC)))
    register(api)
    outside = api.client.get(f"{BASE}?name=张", headers=api.headers("zhoutang", roles=("county_supervisor",),
                                                                     county=True))
    assert outside.status_code == 403, outside.text
    by_number = api.client.get(f"{BASE}?" + str(httpx.QueryParams(number="（2026）后调字第1号")),
                               headers=api.headers("zhoutang", roles=("county_supervisor",), county=True))
    assert by_number.status_code == 200 and by_number.json()["total"] == 1


def test_concurrent_registrations_get_distinct_consecutive_numbers(api_for):
    api = api_for("mediation", clock=FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC)))

    async def burst() -> list[str]:
        transport = httpx.ASGITransport(app=api.client.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            headers = api.headers("houtai", roles=("mediator",))
            answers = await asyncio.gather(*(client.post(BASE, json=dispute_body(), headers=headers)
                                             for _ in range(50)))
        return [r.json()["case_number"] for r in answers]

    numbers = api.client.portal.call(burst)
    assert sorted(numbers, key=lambda n: int(n.split("第")[1][:-1])) == \
        [f"（2026）后调字第{n}号" for n in range(1, 51)]
