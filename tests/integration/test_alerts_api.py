"""The alerts API in process (real NATS, SQLite and PostgreSQL): rules fire once, scope, ack, resolve, escalate."""

from __future__ import annotations

from datetime import datetime

import pytest

from fazhi.clock import FixedClock
from services.reporting.alerts import alerts_of
from tests.integration.test_alerts_support import (
    T0, Case, dispute_classified, dispute_registered, major_dispute, publish, ready, wait_until,
)

HOUTAI = "/v1/townships/houtai/alerts"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def api(api_for, clock):
    return ready(api_for("reporting", clock=clock))


def alerts(api, **params) -> list[dict]:
    headers = api.headers(county=True, roles=("county_supervisor",))
    return api.client.get("/v1/alerts", params=params, headers=headers).json()["items"]


def tick(api):
    return api.client.portal.call(alerts_of(api.client.app.state.runtime).timer.tick)


def raise_major(api, nats_server, township: str = "houtai", count: int = 1) -> dict:
    """A major dispute published twice (a redelivery); its alert, once it is there."""
    case, events = major_dispute(township)
    publish(nats_server.url, events, again=True)
    return wait_until(lambda: [a for a in alerts(api, rule="major_dispute") if a["subject"]["id"] == case.id])[0]


def test_a_major_dispute_delivered_twice_is_one_alert_and_its_risk_alert_is_inhibited(api, nats_server):
    case, events = major_dispute()  # 8 people involved
    risky = Case("dispute")
    publish(nats_server.url, events + [dispute_registered(risky, flags=("criminal_risk",)),
                                       dispute_classified(risky, ["criminal_risk"])], again=True)
    found = wait_until(lambda: got if len(got := alerts(api)) == 3 else None)
    by_rule = {(a["rule"], a["subject"]["id"]): a for a in found}
    assert set(by_rule) == {("major_dispute", case.id), ("major_dispute", risky.id), ("risk_flag", risky.id)}
    major, risk = by_rule[("major_dispute", risky.id)], by_rule[("risk_flag", risky.id)]
    assert (major["notified"], major["level"], major["status"]) == (True, "township", "open")
    assert (risk["notified"], risk["held"], risk["held_by"]) == (False, "inhibited", major["id"])
    tick(api)
    assert len(alerts(api)) == 3
    history = api.client.get(f"{HOUTAI}/{major['id']}/events", headers=api.headers("houtai")).json()["items"]
    assert [e["type"] for e in history] == ["reporting.alert.raised"]


def test_a_township_sees_only_its_alerts_and_a_county_token_sees_every_township(api, nats_server):
    houtai, zhoutang = raise_major(api, nats_server), raise_major(api, nats_server, "zhoutang")
    mine = api.client.get("/v1/alerts", headers=api.headers("houtai", roles=("alert_subscriber",))).json()["items"]
    assert [a["id"] for a in mine] == [houtai["id"]]
    refused = api.client.get("/v1/alerts", params={"township": "zhoutang"},
                             headers=api.headers("houtai", roles=("alert_subscriber",)))
    assert (refused.status_code, refused.json()["field"]) == (403, "township")
    assert {a["id"] for a in alerts(api)} == {houtai["id"], zhoutang["id"]}
    assert [a["id"] for a in alerts(api, township="zhoutang", level="township", status="open")] == [zhoutang["id"]]
    assert alerts(api, rule="overdue") == []
    other = api.client.get(f"/v1/townships/zhoutang/alerts/{houtai['id']}", headers=api.headers(county=True))
    assert other.status_code == 404
    mediator = api.client.get("/v1/alerts", headers=api.headers("houtai", roles=("mediator",)))
    assert mediator.status_code == 403


def test_an_unacknowledged_alert_climbs_after_its_window_and_an_acknowledged_one_stops(api, nats_server, clock):
    alert = raise_major(api, nats_server)
    clock.advance(minutes=119)
    tick(api)
    assert alerts(api)[0]["level"] == "township"
    clock.advance(minutes=2)
    tick(api)
    (climbed,) = alerts(api)
    assert (climbed["level"], climbed["escalations"][0]["from"]) == ("county", "township")
    url = f"{HOUTAI}/{alert['id']}/ack"
    acked = api.client.post(url, json={"comment": "the township leader is on the way"},
                            headers=api.headers("houtai", roles=("leader",)))
    assert acked.status_code == 200 and acked.headers["ETag"] == '"3"'
    assert acked.json()["acknowledged"]["comment"] == "the township leader is on the way"
    clock.advance(hours=10)
    tick(api)
    assert (alerts(api)[0]["level"], alerts(api)[0]["status"]) == ("county", "acknowledged")
    again = api.client.post(url, json={}, headers=api.headers("houtai", roles=("leader",)))
    assert (again.status_code, again.json()["field"]) == (409, "status")


def test_an_alert_is_resolved_by_hand_only_with_a_reason_and_only_once(api, nats_server):
    alert = raise_major(api, nats_server)
    url = f"{HOUTAI}/{alert['id']}/resolve"
    leader = api.headers("houtai", roles=("leader",))
    missing = api.client.post(url, json={}, headers=leader)
    assert (missing.status_code, missing.json()["field"]) == (422, "reason")
    blank = api.client.post(url, json={"reason": "  "}, headers=leader)
    assert blank.status_code == 422
    stale = api.client.post(url, json={"reason": "x"}, headers={**leader, "If-Match": '"7"'})
    assert (stale.status_code, stale.json()["field"]) == (412, "If-Match")
    subscriber = api.client.post(url, json={"reason": "x"}, headers=api.headers("houtai", roles=("alert_subscriber",)))
    assert subscriber.status_code == 403
    assert alerts(api)[0]["version"] == 1  # none of those stored anything
    done = api.client.post(url, json={"reason": "the parties settled at the village"}, headers=leader)
    resolved = done.json()["resolved"]
    assert datetime.fromisoformat(resolved.pop("at")) == T0
    assert resolved == {"by": "tester", "reason": "the parties settled at the village", "automatic": False}
    assert api.client.post(url, json={"reason": "again"}, headers=leader).status_code == 409
    assert alerts(api, status="resolved")[0]["id"] == alert["id"]


def test_a_silence_holds_back_what_it_names_until_it_is_ended(api, nats_server, clock):
    leader = api.headers("houtai", roles=("leader",))
    past = api.client.post("/v1/townships/houtai/silences", headers=leader,
                           json={"reason": "drill", "ends_at": "2026-03-01T00:00:00+00:00"})
    assert (past.status_code, past.json()["field"]) == (422, "ends_at")
    naive = api.client.post("/v1/townships/houtai/silences", headers=leader,
                            json={"reason": "drill", "ends_at": "2026-03-03T00:00:00"})
    assert (naive.status_code, naive.json()["field"]) == (422, "ends_at")
    assert api.client.get("/v1/townships/houtai/silences", headers=leader).json()["items"] == []
    created = api.client.post("/v1/townships/houtai/silences", headers=leader, json={
        "reason": "county drill of the major-dispute procedure", "rule": "major_dispute",
        "ends_at": "2026-03-02T06:00:00+00:00"})
    assert created.status_code == 201 and created.json()["active"] is True
    silence = created.json()
    held = raise_major(api, nats_server)
    assert (held["notified"], held["held"], held["held_by"]) == (False, "silenced", silence["id"])
    ended = api.client.delete(f"/v1/townships/houtai/silences/{silence['id']}", headers=leader)
    assert ended.json()["active"] is False
    tick(api)
    (released,) = alerts(api)
    assert (released["notified"], released["held"]) == (True, None)
    assert [datetime.fromisoformat(at) for at in released["released_at"]] == [T0]
    county = api.client.get("/v1/county/silences", headers=api.headers(county=True, roles=("county_supervisor",)))
    assert county.json()["items"] == []  # the township's silence is not a county one


def test_a_stream_resumed_from_an_id_it_never_sent_or_a_token_over_several_townships_is_refused(api):
    bad = api.client.get("/v1/alerts/stream", headers=api.headers("houtai", **{"Last_Event_ID": "yesterday"}))
    assert (bad.status_code, bad.json()["field"]) == (422, "Last-Event-ID")
    several = api.client.get("/v1/alerts", headers=api.headers("houtai", "zhoutang", roles=("alert_subscriber",)))
    assert (several.status_code, several.json()["field"]) == (422, "township")
    unknown = api.client.get("/v1/alerts", params={"township": "atlantis"}, headers=api.headers(county=True))
    assert (unknown.status_code, unknown.json()["field"]) == (404, "township")
    for listing in ("silences", "alert-webhooks"):
        nowhere = api.client.get(f"/v1/townships/atlantis/{listing}", headers=api.headers(county=True))
        assert (nowhere.status_code, nowhere.json()["field"]) == (404, "township")


def test_held_alerts_say_so_and_come_after_open_ones_and_the_list_filters_by_status_level_rule_and_time(
        api, nats_server, clock):
    first = raise_major(api, nats_server)  # open
    done = raise_major(api, nats_server)
    leader = api.headers("houtai", roles=("leader",))
    api.client.post(f"{HOUTAI}/{done['id']}/resolve", json={"reason": "settled"}, headers=leader)
    clock.advance(hours=1)
    api.client.post("/v1/townships/houtai/silences", headers=leader, json={
        "reason": "drill", "rule": "major_dispute", "ends_at": "2026-03-02T08:00:00+00:00"})
    risky = Case("dispute")
    publish(nats_server.url, [dispute_registered(risky, flags=("criminal_risk",)),
                              dispute_classified(risky, ["criminal_risk"])])
    listed = wait_until(lambda: got if len(got := alerts(api)) == 4 else None)
    assert [(a["rule"], a["status"]) for a in listed] == [
        ("major_dispute", "open"), ("risk_flag", "inhibited"), ("major_dispute", "silenced"),
        ("major_dispute", "resolved")]
    assert listed[0]["id"] == first["id"] and listed[3]["id"] == done["id"]
    paged, cursor = [], None
    while True:  # one at a time, in the same order
        page = api.client.get("/v1/alerts", params={"limit": 1, **({"cursor": cursor} if cursor else {})},
                              headers=api.headers(county=True)).json()
        paged += [a["id"] for a in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert paged == [a["id"] for a in listed]
    assert [a["rule"] for a in alerts(api, status="inhibited")] == ["risk_flag"]
    assert [a["status"] for a in alerts(api, rule="risk_flag", level="township")] == ["inhibited"]
    later = alerts(api, raised_from="2026-03-02T10:30:00+08:00")
    assert sorted(a["rule"] for a in later) == ["major_dispute", "risk_flag"]
    assert {a["id"] for a in alerts(api, raised_before="2026-03-02T10:30:00+08:00")} == {first["id"], done["id"]}
    backwards = api.client.get("/v1/alerts", params={"raised_from": "2026-03-02T11:00:00+08:00",
                                                     "raised_before": "2026-03-02T10:00:00+08:00"},
                               headers=api.headers(county=True))
    assert (backwards.status_code, backwards.json()["field"]) == (422, "raised_before")
    naive = api.client.get("/v1/alerts", params={"raised_from": "2026-03-02T10:00:00"},
                           headers=api.headers(county=True))
    assert (naive.status_code, naive.json()["field"]) == (422, "raised_from")
