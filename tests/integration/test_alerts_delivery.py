"""Webhook and NATS delivery of alert notifications (real HTTP server, real NATS, SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from nats.js.api import ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

from fazhi.bus import connect
from fazhi.clock import FixedClock
from tests.integration.test_alerts_support import T0, major_dispute, publish, ready, wait_until

HOOKS = "/v1/townships/houtai/alert-webhooks"


class Subscriber(ThreadingHTTPServer):
    """A webhook endpoint on a free loopback port that answers 503 to its first `failures` requests."""

    def __init__(self, failures: int) -> None:
        self.failures, self.requests, self.taken = failures, [], []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                server.requests.append((dict(self.headers), body))
                ok = len(server.requests) > server.failures
                if ok:
                    server.taken.append((dict(self.headers), body))
                self.send_response(200 if ok else 503)
                self.end_headers()

            def log_message(self, *_: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/fazhi-alerts"


@pytest.fixture
def api(api_for):
    return ready(api_for("reporting", clock=FixedClock(T0)))


def test_a_subscriber_that_fails_then_recovers_gets_each_alert_once_signed(api, nats_server):
    endpoint = Subscriber(failures=2)
    headers = api.headers("houtai", roles=("alert_subscriber",))
    created = api.client.post(HOOKS, json={"url": endpoint.url, "rules": ["major_dispute"]}, headers=headers)
    assert created.status_code == 201
    hook, secret = created.json(), created.json()["secret"]
    published = [major_dispute() for _ in range(2)]
    publish(nats_server.url, [e for _, events in published for e in events], again=True)
    wait_until(lambda: len(endpoint.taken) == 2)
    for request_headers, body in endpoint.taken:
        mac = hmac.new(secret.encode(), request_headers["X-Fazhi-Timestamp"].encode() + b"." + body, hashlib.sha256)
        assert request_headers["X-Fazhi-Signature"] == f"sha256={mac.hexdigest()}"
    bodies = [json.loads(body) for _, body in endpoint.taken]
    assert sorted(b["alert"]["subject"]["id"] for b in bodies) == sorted(case.id for case, _ in published)
    assert {b["type"] for b in bodies} == {"reporting.alert.raised"}
    assert len({h["X-Fazhi-Delivery"] for h, _ in endpoint.taken}) == 2
    assert endpoint.requests[0][0]["X-Fazhi-Delivery"] == endpoint.taken[0][0]["X-Fazhi-Delivery"]  # a retry
    log = api.client.get(f"{HOOKS}/{hook['id']}/deliveries", headers=headers).json()["items"]
    assert sorted((d["status"], d["attempts"]) for d in log) == [("delivered", 1), ("delivered", 3)]
    assert [a.get("status_code") for a in max(log, key=lambda d: d["attempts"])["last_attempts"]] == [503, 503, 200]
    assert len(endpoint.taken) == 2 and "secret" not in api.client.get(f"{HOOKS}/{hook['id']}", headers=headers).json()
    endpoint.shutdown()


def test_a_webhook_with_a_bad_url_or_short_secret_is_refused_and_nothing_is_stored(api):
    headers = api.headers("houtai", roles=("alert_subscriber",))
    bad = api.client.post(HOOKS, json={"url": "ftp://example.org/x"}, headers=headers)
    assert (bad.status_code, bad.json()["field"]) == (422, "url")
    short = api.client.post(HOOKS, json={"url": "http://example.org/x", "secret": "short"}, headers=headers)
    assert (short.status_code, short.json()["field"]) == (422, "secret")
    unknown = api.client.post(HOOKS, json={"url": "http://example.org/x", "rules": ["fire"]}, headers=headers)
    assert unknown.status_code == 422
    assert api.client.get(HOOKS, headers=headers).json()["items"] == []
    county = api.client.post("/v1/county/alert-webhooks", json={"url": "http://example.org/x"}, headers=headers)
    assert county.status_code == 403  # a township token cannot subscribe to the whole county


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
    county, township = Subscriber(failures=0), Subscriber(failures=0)
    county_token = api.headers(county=True, roles=("alert_subscriber",))
    created = api.client.post("/v1/county/alert-webhooks", json={"url": county.url, "levels": ["township"]},
                              headers=county_token)
    assert (created.status_code, created.json()["township"]) == (201, None)
    api.client.post(HOOKS, json={"url": township.url}, headers=api.headers("houtai", roles=("leader",)))
    published = [major_dispute("houtai"), major_dispute("zhoutang")]
    publish(nats_server.url, [e for _, events in published for e in events])
    wait_until(lambda: len(county.taken) == 2 and len(township.taken) == 1)
    assert sorted(json.loads(body)["township"] for _, body in county.taken) == ["houtai", "zhoutang"]
    assert json.loads(township.taken[0][1])["township"] == "houtai"
    listed = api.client.get("/v1/county/alert-webhooks", headers=county_token).json()["items"]
    assert [hook["url"] for hook in listed] == [county.url]
    county.shutdown()
    township.shutdown()
