"""The reporting API on real SQLite and PostgreSQL: narratives and their versions, deadlines, reports, scopes."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, date, datetime

import pytest

from fazhi.bus import connect, ensure_stream
from fazhi.clock import FixedClock
from fazhi.events import DomainEvent, RecordedEvent
from services.mediation import contract as m
from services.petition import contract as p

NARRATIVES = "/v1/townships/houtai/reports/rule-of-law/2026/narratives"
TODAY = date(2026, 6, 1)


@pytest.fixture
def api(api_for):
    return api_for("reporting", clock=FixedClock(datetime(2026, 6, 1, 2, tzinfo=UTC)))


def put(api, section: int, text: str, roles: tuple[str, ...] = ("reporter",), **headers: str):
    return api.client.put(f"{NARRATIVES}/{section}", json={"text": text},
                          headers=api.headers("houtai", roles=roles, **headers))


def test_a_section_is_written_then_edited_only_against_the_version_read(api):
    first = put(api, 2, "群众法治意识仍需提高。")
    assert (first.status_code, first.headers["ETag"], first.json()["editor"]) == (200, '"1"', "tester")
    blind = put(api, 2, "覆盖")
    assert (blind.status_code, blind.json()["field"]) == (412, "If-Match")
    edited = put(api, 2, "群众法治意识仍需提高；普法形式单一。", If_Match='"1"', roles=("leader",))
    assert (edited.status_code, edited.headers["ETag"]) == (200, '"2"')
    stale = put(api, 2, "旧稿", If_Match='"1"')
    assert (stale.status_code, stale.json()["field"]) == (412, "If-Match")
    history = api.client.get(f"{NARRATIVES}/2/history", headers=api.headers("houtai", roles=("leader",))).json()
    assert [v["version"] for v in history["items"]] == [1, 2]
    listed = api.client.get(NARRATIVES, headers=api.headers("houtai", roles=("county_supervisor",), county=True))
    assert [(i["section"], i["version"]) for i in listed.json()["items"]] == [(1, 0), (2, 2), (3, 0), (4, 0), (5, 0)]
    draft = api.client.get("/v1/townships/houtai/reports/rule-of-law/2026?format=json",
                           headers=api.headers("houtai", roles=("reporter",))).json()
    assert draft["sections"][1]["blocks"][-1]["text"] == "群众法治意识仍需提高；普法形式单一。"


def test_a_first_edit_against_a_version_that_does_not_exist_is_refused(api):
    response = put(api, 1, "正文", If_Match='"3"')
    assert (response.status_code, response.json()["field"]) == (412, "If-Match")
    missing = api.client.get(f"{NARRATIVES}/1", headers=api.headers("houtai", roles=("reporter",)))
    assert missing.status_code == 404


BAD_NARRATIVES = [
    (f"{NARRATIVES}/6", {"text": "x"}, "section"),
    (f"{NARRATIVES}/1", {"text": ""}, "text"),
    (f"{NARRATIVES}/1", {"text": "x", "extra": 1}, "extra"),
    ("/v1/townships/houtai/reports/rule-of-law/1999/narratives/1", {"text": "x"}, "year"),
]
BAD_QUERIES = [
    ("/v1/townships/houtai/statistics?year=1999", "year"),
    ("/v1/townships/houtai/statistics?village=v99", "village"),
    ("/v1/townships/houtai/deadlines?within_days=-1", "within_days"),
    ("/v1/townships/houtai/reports/disclosure/2026?format=pdf", "format"),
]


def test_a_bad_narrative_or_query_is_refused_naming_the_field_and_nothing_is_stored(api):
    headers = api.headers("houtai", roles=("reporter",))
    for path, body, field in BAD_NARRATIVES:
        response = api.client.put(path, json=body, headers=headers)
        assert (response.status_code, response.json()["field"]) == (422, field), path
    for path, field in BAD_QUERIES:
        response = api.client.get(path, headers=headers)
        assert response.status_code == 422, response.text
        assert (response.headers["content-type"], response.json()["field"]) == ("application/problem+json", field)
    listed = api.client.get(NARRATIVES, headers=headers).json()
    assert all(item["version"] == 0 for item in listed["items"])


def test_who_reads_what(api):
    def status(path: str, *townships: str, roles: tuple[str, ...], county: bool = False) -> int:
        return api.client.get(path, headers=api.headers(*townships, roles=roles, county=county)).status_code

    assert status("/v1/townships/houtai/statistics", "houtai", roles=("petition_officer",)) == 200
    assert status("/v1/townships/houtai/reports/disclosure/2026", "houtai", roles=("petition_officer",)) == 403
    assert status("/v1/townships/houtai/statistics", "zhoutang", roles=("leader",)) == 403
    assert status("/v1/county/statistics", "houtai", roles=("leader",)) == 403
    assert status("/v1/county/reports/rule-of-law/2026", roles=("county_supervisor",), county=True) == 200
    assert put(api, 1, "x", roles=("county_supervisor",)).status_code == 403
    assert api.client.get("/v1/townships/houtai/statistics").status_code == 401


def event(stream: str, stream_type: str, version: int, e: DomainEvent, township: str = "houtai") -> RecordedEvent:
    at = datetime(2026, 5, 1, 2, tzinfo=UTC)
    return RecordedEvent(f"{stream}-{version}", stream, stream_type, version, e.type, 1, township, e.payload(), at, at)


async def publish(url: str, events: list[RecordedEvent]) -> None:
    nc = await connect([url], "test")
    js = nc.jetstream()
    for service in ("mediation", "petition"):
        await ensure_stream(js, service)
    for e in events:
        await js.publish(e.subject, e.to_json(masked=True), headers={"Nats-Msg-Id": e.event_id})
    await nc.close()


def test_the_deadline_list_shows_overdue_and_due_soon_work_from_the_services_events(api, nats_server):
    registered = m.DisputeRegistered(
        dispute_id="d1", level=m.Level.VILLAGE, village="v01", source=m.Source.WALK_IN, category=m.Category.CONTRACT,
        parties=[m.Party(name="甲")], people_involved=2, amount=None, description="欠款", risk_flags=[],
        registered_on=date(2026, 5, 1), registered_at=datetime(2026, 5, 1, 2, tzinfo=UTC), due_on=date(2026, 5, 31))
    petition = p.CaseRegistered(
        case_id="c1", channel=p.Channel.LETTER, petitioners=[p.Person(name="乙")], representatives=[], group_size=1,
        group_visit=False, subject="低保", claims=[], matter="低保", bypassed_level=False, village=None,
        registered_on=date(2026, 5, 28), registered_at=datetime(2026, 5, 28, 2, tzinfo=UTC),
        acceptance_due_on=date(2026, 6, 12), petitioner_keys=[], matter_keys=[], repeat_of=None, repeat_count=0,
        earlier_cases=[])
    elsewhere = registered.model_copy(update={"dispute_id": "d2", "due_on": date(2026, 6, 2)})
    asyncio.run(publish(nats_server.url, [event("d1", "dispute", 1, registered), event("c1", "petition", 1, petition),
                                          event("d2", "dispute", 1, elsewhere, township="zhoutang")]))
    headers = api.headers("houtai", roles=("mediation_officer",))
    for _ in range(100):
        listed = api.client.get("/v1/townships/houtai/deadlines?within_days=14", headers=headers).json()
        if listed["overdue"] and listed["due_soon"]:
            break
        time.sleep(0.1)
    assert [(i["id"], i["days_left"], i["service"]) for i in listed["overdue"]] == [("d1", -1, "mediation")]
    assert [(i["id"], i["due_on"]) for i in listed["due_soon"]] == [("c1", "2026-06-12")]
    near = api.client.get("/v1/townships/houtai/deadlines?within_days=3", headers=headers).json()
    assert near["due_soon"] == []
    county = api.client.get("/v1/county/deadlines?within_days=3",
                            headers=api.headers(roles=("county_supervisor",), county=True)).json()
    assert [(i["township"], i["id"]) for i in county["overdue"] + county["due_soon"]] == [
        ("houtai", "d1"), ("zhoutang", "d2")]
