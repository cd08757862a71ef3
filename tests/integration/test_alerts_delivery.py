"""Webhook and NATS delivery of alert notifications (real HTTP server, real NATS, SQLite and PostgreSQL).

Webhooks reach only public addresses; these tests deliver to a receiver on 127.0.0.1 because
the test's county file allow-lists that address (and show the same target refused without it).
"""

from __future__ import annotations

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from nats.js.api import ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError
from standardwebhooks.webhooks import Webhook as StandardWebhook, WebhookVerificationError

from fazhi.bus import connect
from fazhi.clock import FixedClock
from services.reporting.alerts.delivery.channels import new_secret
from tests.integration.test_alerts_support import T0, county_file, major_dispute, publish, ready, wait_until

HOOKS = "/v1/townships/houtai/alert-webhooks"


class Subscriber(ThreadingHTTPServer):
    """A Standard Webhooks endpoint on a free loopback port: it checks the signature against `secrets`
    (401 when none matches) and answers 503 to its first `failures` signed requests."""

    def __init__(self, failures: int = 0, secrets: tuple[str, ...] = ()) -> None:
        self.failures, self.secrets = failures, list(secrets)
        self.requests: list[tuple[dict, bytes]] = []
        self.taken: list[tuple[dict, bytes]] = []
        self.refused: list[tuple[dict, bytes]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = dict(self.headers)
                if not server.verifies(headers, body):
                    server.refused.append((headers, body))
                    self.send_response(401)
                    self.end_headers()
                    return
                server.requests.append((headers, body))
                ok = len(server.requests) > server.failures
                if ok:
                    server.taken.append((headers, body))
                self.send_response(200 if ok else 503)
                self.end_headers()

            def log_message(self, *_: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def verifies(self, headers: dict, body: bytes, secrets: list[str] | None = None) -> bool:
        for secret in secrets if secrets is not None else self.secrets:
            try:
                StandardWebhook(secret).verify(body, headers)
                return True
            except WebhookVerificationError:
                continue
        return False

    def alerts(self) -> list[tuple[dict, dict]]:
        return [(h, json.loads(b)) for h, b in self.taken if json.loads(b)["type"] != "webhook.ping"]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/fazhi-alerts"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def api(api_for, clock, tmp_path):
    allowing = county_file(tmp_path / "county.json", allow_hosts=["127.0.0.1"])
    return ready(api_for("reporting", clock=clock, county_config=allowing))


def register(api, endpoint: Subscriber, **body) -> dict:
    secret = new_secret()
    endpoint.secrets.append(secret)
    created = api.client.post(HOOKS, json={"url": endpoint.url, "secret": secret, **body},
                              headers=api.headers("houtai"))
    assert created.status_code == 201, created.text
    return created.json()


def deliveries(api, hook: dict, **params) -> list[dict]:
    return api.client.get(f"{HOOKS}/{hook['id']}/deliveries", params=params,
                          headers=api.headers("houtai")).json()["items"]


def test_a_subscriber_that_fails_then_recovers_gets_each_alert_once_signed(api, nats_server):
    endpoint = Subscriber(failures=3)  # the ping on creation is the first failure
    hook = register(api, endpoint, rules=["major_dispute"])
    assert hook["ping"] == "failed" and "secret" in hook
    published = [major_dispute() for _ in range(2)]
    publish(nats_server.url, [e for _, events in published for e in events], again=True)
    wait_until(lambda: len(endpoint.alerts()) == 2)
    assert endpoint.refused == []  # every request carried a valid Standard Webhooks signature
    bodies = [body for _, body in endpoint.alerts()]
    assert sorted(b["alert"]["subject"]["id"] for b in bodies) == sorted(case.id for case, _ in published)
    assert {b["type"] for b in bodies} == {"reporting.alert.raised"}
    ids = [h["webhook-id"] for h, _ in endpoint.alerts()]
    assert len(set(ids)) == 2 and endpoint.requests[1][0]["webhook-id"] == ids[0]  # a retry keeps its id
    log = [d for d in deliveries(api, hook) if d["type"] != "webhook.ping"]
    assert sorted((d["status"], d["attempts"]) for d in log) == [("delivered", 1), ("delivered", 3)]
    for row in log:  # what happened, never what the remote end said
        assert all(set(a) == {"at", "result"} for a in row["last_attempts"])
    assert [a["result"] for a in max(log, key=lambda d: d["attempts"])["last_attempts"]] == [
        "failed", "failed", "delivered"]
    assert "secret" not in api.client.get(f"{HOOKS}/{hook['id']}", headers=api.headers("houtai")).json()
    endpoint.shutdown()


def test_a_webhook_with_a_bad_url_or_secret_is_refused_and_nothing_is_stored(api):
    headers = api.headers("houtai")
    bad = api.client.post(HOOKS, json={"url": "ftp://example.org/x"}, headers=headers)
    assert (bad.status_code, bad.json()["field"]) == (422, "url")
    short = api.client.post(HOOKS, json={"url": "http://127.0.0.1:9/x", "secret": "short"}, headers=headers)
    assert (short.status_code, short.json()["field"]) == (422, "secret")
    not_standard = api.client.post(HOOKS, json={"url": "http://127.0.0.1:9/x", "secret": "x" * 40}, headers=headers)
    assert (not_standard.status_code, not_standard.json()["field"]) == (422, "secret")
    unknown = api.client.post(HOOKS, json={"url": "http://127.0.0.1:9/x", "rules": ["fire"]}, headers=headers)
    assert unknown.status_code == 422
    assert api.client.get(HOOKS, headers=headers).json()["items"] == []


def test_only_a_township_or_county_admin_manages_webhooks(api):
    endpoint = Subscriber()
    for roles in (("alert_subscriber",), ("leader",), ("county_supervisor",)):
        refused = api.client.post(HOOKS, json={"url": endpoint.url}, headers=api.headers("houtai", roles=roles))
        assert refused.status_code == 403, roles
        assert api.client.get(HOOKS, headers=api.headers("houtai", roles=roles)).status_code == 403
    assert api.client.post(HOOKS, json={"url": endpoint.url}, headers=api.headers("zhoutang")).status_code == 403
    county = api.client.post("/v1/county/alert-webhooks", json={"url": endpoint.url}, headers=api.headers("houtai"))
    assert county.status_code == 403  # a township admin cannot subscribe to the whole county
    assert api.client.post(HOOKS, json={"url": endpoint.url}, headers=api.headers("houtai")).status_code == 201
    assert api.client.post("/v1/county/alert-webhooks", json={"url": endpoint.url},
                           headers=api.headers(county=True)).status_code == 201
    endpoint.shutdown()


INSIDE = ["http://127.0.0.1:{port}/x", "http://[::1]:{port}/x", "http://localhost:{port}/x",
          "http://2130706433:{port}/x", "http://0x7f.1:{port}/x", "http://0177.0.0.1:{port}/x",
          "http://[::ffff:127.0.0.1]:{port}/x", "http://127.1:{port}/x", "http://169.254.169.254/latest/meta-data",
          "http://10.0.0.7/x", "http://192.168.1.1/x", "http://[fd00:ec2::254]/x", "http://0.0.0.0:{port}/x",
          "http://224.0.0.1/x", "http://100.100.100.200/x"]


def test_destinations_inside_are_refused_without_the_allow_list_and_nothing_is_stored(api_for, nats_server, clock):
    api = ready(api_for("reporting", clock=clock))  # the demo county: nothing allow-listed
    endpoint = Subscriber()
    port = endpoint.server_address[1]
    headers = api.headers("houtai")
    for url in INSIDE + [f"http://127.0.0.1:{nats_server.url.rsplit(':', 1)[1]}/"]:
        refused = api.client.post(HOOKS, json={"url": url.format(port=port)}, headers=headers)
        assert (refused.status_code, refused.json()["field"]) == (422, "url"), url
        assert "不能向该地址推送告警" in refused.json()["detail"]
    receiver = api.client.post("/v1/townships/houtai/alert-receivers", headers=headers, json={
        "channel": "wecom", "url": f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key=k"})
    assert (receiver.status_code, receiver.json()["field"]) == (422, "url")
    assert api.client.get(HOOKS, headers=headers).json()["items"] == []
    assert endpoint.requests == [] and endpoint.refused == []  # nothing was ever sent there
    endpoint.shutdown()


def test_the_destination_is_checked_again_at_delivery_time(api, nats_server):
    endpoint = Subscriber()
    hook = register(api, endpoint)
    assert hook["ping"] == "delivered"
    runtime = api.client.app.state.runtime
    runtime.county = runtime.county.model_copy(update={
        "alerts": runtime.county.alerts.model_copy(update={"allow_hosts": []})})  # the county withdraws it
    publish(nats_server.url, major_dispute()[1])
    log = wait_until(lambda: [d for d in deliveries(api, hook, status="retrying")])
    assert log[0]["attempts"] >= 1 and [a["result"] for a in log[0]["last_attempts"]][0] == "failed"
    assert len(endpoint.requests) == 1  # the ping only: the alert never left
    endpoint.shutdown()


def test_a_subscriber_that_never_takes_it_is_given_up_on_disabled_and_its_owner_alerted(api, nats_server, clock):
    endpoint = Subscriber(failures=10**6)
    hook = register(api, endpoint, rules=["major_dispute"])
    case, events = major_dispute()
    publish(nats_server.url, events)
    wait_until(lambda: len(endpoint.requests) >= 2)  # the ping and the alert's first attempt
    clock.advance(hours=24, seconds=1)
    # the next attempt comes after the retry pause then running (1, 2, 4 … s of real time): a loaded machine
    # may be several pauses in by now
    row = wait_until(lambda: [d for d in deliveries(api, hook, status="failed") if d["type"] != "webhook.ping"],
                     timeout=70)[0]
    assert row["attempts"] >= 2 and row["alert_id"]
    shown = wait_until(lambda: got if (got := api.client.get(f"{HOOKS}/{hook['id']}", headers=api.headers(
        "houtai")).json())["status"] == "disabled" else None)  # the owner is alerted first, then it is disabled
    assert shown["disabled"]["attempts"] == row["attempts"]
    owner_alert = wait_until(lambda: [a for a in api.client.get(
        "/v1/alerts", params={"rule": "delivery_disabled"}, headers=api.headers("houtai")).json()["items"]])[0]
    assert owner_alert["township"] == "houtai" and owner_alert["subject"]["id"] == hook["id"]
    assert owner_alert["status"] == "open" and "已停用" in owner_alert["title"]
    sent = len(endpoint.requests)
    publish(nats_server.url, major_dispute()[1])  # a disabled subscriber gets nothing more
    wait_until(lambda: len(api.client.get("/v1/alerts", params={"rule": "major_dispute"},
                                          headers=api.headers("houtai")).json()["items"]) == 2)
    assert len(endpoint.requests) == sent
    endpoint.failures = 0
    enabled = api.client.post(f"{HOOKS}/{hook['id']}/enable", headers=api.headers("houtai"))
    assert enabled.json()["status"] == "active"
    wait_until(lambda: len(endpoint.alerts()) == 2)  # the one given up on, then the next
    assert [b["alert"]["subject"]["id"] for _, b in endpoint.alerts()][0] == case.id
    resolved = api.client.get(f"/v1/townships/houtai/alerts/{owner_alert['id']}", headers=api.headers("houtai"))
    assert resolved.json()["status"] == "resolved"
    endpoint.shutdown()


def test_a_rotated_secret_signs_beside_the_old_one_until_the_old_one_expires(api, nats_server, clock):
    endpoint = Subscriber()
    hook = register(api, endpoint)
    old = endpoint.secrets[0]
    rotated = api.client.post(f"{HOOKS}/{hook['id']}/rotate-secret", json={"keep_previous_hours": 2},
                              headers=api.headers("houtai"))
    assert rotated.status_code == 200 and rotated.json()["secret"] != old
    new = rotated.json()["secret"]
    publish(nats_server.url, major_dispute()[1])
    headers, body = wait_until(lambda: endpoint.alerts())[0]
    assert len(headers["webhook-signature"].split(" ")) == 2
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    assert endpoint.verifies(headers, raw, [old]) and endpoint.verifies(headers, raw, [new])
    clock.advance(hours=2, seconds=1)
    endpoint.secrets = [new]  # the subscriber moved to the new secret
    publish(nats_server.url, major_dispute()[1])
    wait_until(lambda: len(endpoint.alerts()) == 2)
    assert len(endpoint.alerts()[1][0]["webhook-signature"].split(" ")) == 1
    assert endpoint.refused == []
    endpoint.shutdown()


def test_a_logged_delivery_is_sent_again_by_hand_with_its_webhook_id(api, nats_server):
    endpoint = Subscriber()
    hook = register(api, endpoint)
    publish(nats_server.url, major_dispute()[1])
    row = wait_until(lambda: [d for d in deliveries(api, hook, status="delivered")
                              if d["type"] == "reporting.alert.raised"])[0]
    again = api.client.post(f"{HOOKS}/{hook['id']}/deliveries/{row['id']}/redeliver", headers=api.headers("houtai"))
    assert again.status_code == 200 and (again.json()["status"], again.json()["attempts"]) == ("delivered", 2)
    assert [h["webhook-id"] for h, _ in endpoint.alerts()] == [row["id"], row["id"]]
    missing = api.client.post(f"{HOOKS}/{hook['id']}/deliveries/nope/redeliver", headers=api.headers("houtai"))
    assert (missing.status_code, missing.json()["field"]) == (404, "delivery_id")
    endpoint.shutdown()


async def _alerts_on_the_bus(url: str) -> list[tuple[str, str]]:
    nc = await connect([url], "alerts-watch")
    try:
        try:
            await nc.jetstream().stream_info("REPORTING")
        except NotFoundError:  # reporting has not declared it yet
            return []
        sub = await nc.jetstream().pull_subscribe("fazhi.alerts.>", stream="REPORTING",
                                                  config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL))
        seen = []
        try:
            while True:
                seen += [(m.subject, json.loads(m.data)["event_id"]) for m in await sub.fetch(50, timeout=1)]
        except Exception:  # no more
            return seen
    finally:
        await nc.close()


def test_alerts_go_on_nats_by_township_and_level_once_even_when_published_again(api, nats_server):
    published = [major_dispute() for _ in range(2)]
    publish(nats_server.url, [e for _, events in published for e in events])
    first = wait_until(lambda: got if len(got := asyncio.run(_alerts_on_the_bus(nats_server.url))) == 2 else None)
    assert {subject for subject, _ in first} == {"fazhi.alerts.houtai.township"}
    runtime = api.client.app.state.runtime
    api.client.portal.call(runtime.store.set_cursor, "alerts-nats", 0)  # as after a crash before the cursor moved
    wait_until(lambda: api.client.portal.call(runtime.store.get_cursor, "alerts-nats") > 0)
    assert sorted(asyncio.run(_alerts_on_the_bus(nats_server.url))) == sorted(first)


def test_a_county_webhook_gets_every_townships_alerts_and_a_township_one_only_its_own(api, nats_server):
    county, township = Subscriber(), Subscriber()
    secret = new_secret()
    county.secrets.append(secret)
    created = api.client.post("/v1/county/alert-webhooks", json={"url": county.url, "levels": ["township"],
                                                                  "secret": secret}, headers=api.headers(county=True))
    assert (created.status_code, created.json()["township"]) == (201, None)
    register(api, township)
    published = [major_dispute("houtai"), major_dispute("zhoutang")]
    publish(nats_server.url, [e for _, events in published for e in events])
    wait_until(lambda: len(county.alerts()) == 2 and len(township.alerts()) == 1)
    assert sorted(body["township"] for _, body in county.alerts()) == ["houtai", "zhoutang"]
    assert township.alerts()[0][1]["township"] == "houtai"
    listed = api.client.get("/v1/county/alert-webhooks", headers=api.headers(county=True)).json()["items"]
    assert [hook["url"] for hook in listed] == [county.url]
    county.shutdown()
    township.shutdown()
