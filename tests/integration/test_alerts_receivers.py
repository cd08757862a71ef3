"""Receivers besides SSE, webhooks and NATS, each against a local server that checks the platform's documented
request format and signature and refuses a wrong one: WeCom and DingTalk group robots, SMTP, an SMS gateway.

The servers listen on 127.0.0.1, which the test county allow-lists (receivers obey the webhook egress policy).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from fazhi.clock import FixedClock
from tests.conftest import free_port
from tests.integration.test_alerts_support import T0, county_file, major_dispute, publish, ready, wait_until

# The test relay takes AUTH without TLS (a loopback test server); real relays use STARTTLS.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
RECEIVERS = "/v1/townships/houtai/alert-receivers"
SMS_SECRET = "gateway-secret-of-the-county"
SMTP_PASSWORD = "relay-password"


class Platform(ThreadingHTTPServer):
    """A robot or gateway on a free loopback port: `check(path, headers, body)` answers (status, JSON)."""

    def __init__(self, check: Callable[[str, dict, bytes], tuple[int, dict]]) -> None:
        self.taken: list[dict] = []
        self.refused: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status, answer = check(self.path, dict(self.headers), body)
                (server.taken if answer.get("errcode", answer.get("code")) == 0 else server.refused).append(
                    {"path": self.path, "headers": dict(self.headers), "body": body})
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *_: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def texts(self) -> list[dict]:
        return [json.loads(r["body"]) for r in self.taken]


def wecom(key: str) -> Platform:
    """企业微信群机器人: POST /cgi-bin/webhook/send?key=…, {"msgtype": "markdown", "markdown": {"content": …}}."""
    def check(path: str, headers: dict, body: bytes) -> tuple[int, dict]:
        url = urllib.parse.urlsplit(path)
        if url.path != "/cgi-bin/webhook/send" or urllib.parse.parse_qs(url.query).get("key") != [key]:
            return 200, {"errcode": 93000, "errmsg": "invalid webhook url"}
        message = json.loads(body)
        content = message.get("markdown", {}).get("content")
        if message.get("msgtype") != "markdown" or not isinstance(content, str) or len(content.encode()) > 4096:
            return 200, {"errcode": 40008, "errmsg": "invalid message type"}
        return 200, {"errcode": 0, "errmsg": "ok"}
    return Platform(check)


def dingtalk(token: str, secret: str) -> Platform:
    """钉钉自定义机器人 with 加签: timestamp (ms, within an hour) and sign = base64(HMAC-SHA256(secret,
    "timestamp\\nsecret")) in the query string; markdown messages carry title and text."""
    def check(path: str, headers: dict, body: bytes) -> tuple[int, dict]:
        url = urllib.parse.urlsplit(path)
        query = urllib.parse.parse_qs(url.query)
        if url.path != "/robot/send" or query.get("access_token") != [token]:
            return 200, {"errcode": 300001, "errmsg": "token is not exist"}
        timestamp = query.get("timestamp", ["0"])[0]
        if abs(int(timestamp) - time.time() * 1000) > 3_600_000:
            return 200, {"errcode": 310000, "errmsg": "timestamp expired"}
        expected = base64.b64encode(hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(),
                                             hashlib.sha256).digest()).decode()
        if query.get("sign") != [expected]:
            return 200, {"errcode": 310000, "errmsg": "sign not match"}
        message = json.loads(body)
        markdown = message.get("markdown", {})
        if message.get("msgtype") != "markdown" or not markdown.get("title") or not markdown.get("text"):
            return 200, {"errcode": 40035, "errmsg": "missing parameter"}
        return 200, {"errcode": 0, "errmsg": "ok"}
    return Platform(check)


def sms_gateway(secret: str) -> Platform:
    """The county's gateway as configured below: HMAC-SHA256 hex of "timestamp\\nnonce\\nbody" in X-Signature
    with its `secret` (which a test may change)."""
    def check(path: str, headers: dict, body: bytes) -> tuple[int, dict]:
        timestamp, nonce = headers.get("X-Timestamp", "0"), headers.get("X-Nonce", "")
        signed = f"{timestamp}\n{nonce}\n".encode() + body
        expected = hmac.new(gateway.secret.encode(), signed, hashlib.sha256).hexdigest()
        if headers.get("X-Access-Key") != "fazhi" or not hmac.compare_digest(headers.get("X-Signature", ""), expected):
            return 401, {"code": 401, "message": "signature mismatch"}
        if abs(int(timestamp) - time.time()) > 300:
            return 401, {"code": 401, "message": "stale"}
        message = json.loads(body)
        if not message.get("mobiles") or not message.get("content"):
            return 400, {"code": 400, "message": "missing fields"}
        return 200, {"code": 0, "message": "sent"}
    gateway = Platform(check)
    gateway.secret = secret
    return gateway


class Mailbox:
    """A real SMTP server (aiosmtpd) that wants AUTH LOGIN/PLAIN as fazhi with the relay password."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.refused_logins = 0
        self.password = SMTP_PASSWORD
        mailbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
                mailbox.messages.append(envelope)
                return "250 OK"

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
                b"fazhi", mailbox.password.encode())
            if not ok:
                mailbox.refused_logins += 1
            return AuthResult(success=ok)

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, authenticator=authenticator,
                                     auth_required=True, auth_require_tls=False)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


@pytest.fixture
def mailbox():
    box = Mailbox()
    yield box
    box.stop()


def reporting(api_for, tmp_path, mailbox: Mailbox):
    county = county_file(
        tmp_path / "county.json", allow_hosts=["127.0.0.1"],
        smtp={"host": "127.0.0.1", "port": mailbox.port, "sender": "fazhi@suixian.example", "username": "fazhi",
              "starttls": False},
        sms={"url": "http://127.0.0.1:1/unused", "template": {"mobiles": "{phone_list}", "content": "{text}"},
             "key_id": "fazhi", "success_field": "code", "success_value": 0},
    )
    return ready(api_for("reporting", clock=FixedClock(T0), county_config=county, sms_secret=SMS_SECRET,
                         smtp_password=SMTP_PASSWORD))


def add(api, **body) -> dict:
    created = api.client.post(RECEIVERS, json=body, headers=api.headers("houtai"))
    assert created.status_code == 201, created.text
    return created.json()


def raise_major(api, nats_server) -> None:
    publish(nats_server.url, major_dispute()[1])


def test_a_wecom_robot_gets_a_chinese_markdown_message_and_a_wrong_key_is_refused(api_for, tmp_path, mailbox,
                                                                                   nats_server):
    api = reporting(api_for, tmp_path, mailbox)
    robot = wecom("right-key")
    good = add(api, channel="wecom", name="后台乡值班群", url=f"{robot.base}/cgi-bin/webhook/send?key=right-key")
    assert good["ping"] == "delivered" and "right-key" not in json.dumps(good)  # the key is never shown
    wrong = add(api, channel="wecom", url=f"{robot.base}/cgi-bin/webhook/send?key=wrong-key")
    assert wrong["ping"] == "failed" and len(robot.refused) == 1
    raise_major(api, nats_server)
    content = wait_until(lambda: [m for m in robot.texts() if "重大矛盾纠纷" in m["markdown"]["content"]])[0]
    text = content["markdown"]["content"]
    assert text.startswith("### 【新告警】后台乡重大矛盾纠纷")
    assert "示范三村" in text and "2026-03-02 10:00（北京时间）" in text and "涉及人数多" in text
    listed = api.client.get(RECEIVERS, params={"channel": "wecom"}, headers=api.headers("houtai")).json()["items"]
    assert {r["url"] for r in listed} == {f"{robot.base}/cgi-bin/webhook/send"}
    assert api.client.get("/v1/townships/houtai/alert-webhooks", headers=api.headers("houtai")).json()["items"] == []
    robot.shutdown()


def test_a_dingtalk_robot_gets_a_signed_url_and_a_wrong_secret_is_refused(api_for, tmp_path, mailbox, nats_server):
    api = reporting(api_for, tmp_path, mailbox)
    robot = dingtalk("tok", "SEC-the-robots-own-secret")
    url = f"{robot.base}/robot/send?access_token=tok"
    wrong = add(api, channel="dingtalk", url=url, secret="SEC-some-other-secret")
    assert wrong["ping"] == "failed" and json.loads(robot.refused[0]["body"])["msgtype"] == "markdown"
    good = add(api, channel="dingtalk", url=url, secret="SEC-the-robots-own-secret")
    assert good["ping"] == "delivered" and "SEC-" not in json.dumps(good) and "access_token" not in good["url"]
    missing = api.client.post(RECEIVERS, json={"channel": "dingtalk", "url": url}, headers=api.headers("houtai"))
    assert (missing.status_code, missing.json()["field"]) == (422, "secret")
    raise_major(api, nats_server)
    message = wait_until(lambda: [m for m in robot.texts() if "重大矛盾纠纷" in m["markdown"]["title"]])[0]
    assert "2026-03-02 10:00（北京时间）" in message["markdown"]["text"]
    robot.shutdown()


def test_an_email_goes_through_the_county_relay_and_a_wrong_password_is_refused(api_for, tmp_path, mailbox,
                                                                                 nats_server):
    from email import message_from_bytes, policy

    api = reporting(api_for, tmp_path, mailbox)
    added = add(api, channel="email", to=["duty@houtai.example", "leader@houtai.example"])
    assert added["ping"] == "delivered" and added["url"] == "d***@houtai.example, l***@houtai.example"
    raise_major(api, nats_server)
    wait_until(lambda: len(mailbox.messages) >= 2)
    envelope = mailbox.messages[-1]
    mail = message_from_bytes(envelope.content, policy=policy.default)
    assert envelope.rcpt_tos == ["duty@houtai.example", "leader@houtai.example"]
    assert mail["Subject"] == "【新告警】后台乡重大矛盾纠纷" and mail["From"] == "fazhi@suixian.example"
    assert "2026-03-02 10:00（北京时间）" in mail.get_content() and "示范三村" in mail.get_content()
    mailbox.password = "changed-at-the-relay"
    ping = api.client.post(f"{RECEIVERS}/{added['id']}/ping", headers=api.headers("houtai"))
    assert ping.json() == {"ping": "failed"} and mailbox.refused_logins == 1
    bad_address = api.client.post("/v1/townships/houtai/alert-receivers", json={"channel": "email", "to": ["x"]},
                               headers=api.headers("houtai"))
    assert (bad_address.status_code, bad_address.json()["field"]) == (422, "to.0")


def test_an_sms_goes_through_the_signed_gateway_and_a_wrong_secret_is_refused(api_for, tmp_path, mailbox,
                                                                               nats_server):
    gateway = sms_gateway(SMS_SECRET)
    county = county_file(tmp_path / "county.json", allow_hosts=["127.0.0.1"], sms={
        "url": f"{gateway.base}/api/send", "template": {"mobiles": "{phone_list}", "content": "{text}"},
        "key_id": "fazhi", "success_field": "code", "success_value": 0})
    api = ready(api_for("reporting", clock=FixedClock(T0), county_config=county, sms_secret=SMS_SECRET))
    added = add(api, channel="sms", phones=["13812345678"])
    assert added["ping"] == "delivered" and added["url"] == "138****5678"
    raise_major(api, nats_server)
    sent = wait_until(lambda: [m for m in gateway.texts() if "重大矛盾纠纷" in m["content"]])[0]
    assert sent["mobiles"] == ["13812345678"] and "示范三村" in sent["content"]
    bad_phone = api.client.post(RECEIVERS, json={"channel": "sms", "phones": ["12345"]}, headers=api.headers("houtai"))
    assert (bad_phone.status_code, bad_phone.json()["field"]) == (422, "phones.0")
    gateway.secret = "rotated-at-the-gateway"
    ping = api.client.post(f"{RECEIVERS}/{added['id']}/ping", headers=api.headers("houtai"))
    assert ping.json() == {"ping": "failed"} and gateway.refused
    gateway.shutdown()


def test_receivers_are_managed_by_admins_only(api_for, tmp_path, mailbox):
    api = reporting(api_for, tmp_path, mailbox)
    for roles in (("alert_subscriber",), ("leader",)):
        refused = api.client.post(RECEIVERS, json={"channel": "email", "to": ["a@b.example"]},
                                  headers=api.headers("houtai", roles=roles))
        assert refused.status_code == 403


def test_a_major_dispute_goes_to_the_receivers_of_whoever_is_on_duty_then(api_for, tmp_path, mailbox, nats_server):
    clock = FixedClock(T0)
    county = county_file(tmp_path / "county.json", allow_hosts=["127.0.0.1"])
    api = ready(api_for("reporting", clock=clock, county_config=county))
    zhang_phone, li_phone = wecom("k"), wecom("k")
    zhang = add(api, channel="wecom", name="张镇长", url=f"{zhang_phone.base}/cgi-bin/webhook/send?key=k",
                on_duty=True, rules=["major_dispute"])
    li = add(api, channel="wecom", name="李镇长", url=f"{li_phone.base}/cgi-bin/webhook/send?key=k", on_duty=True)
    group = add(api, channel="wecom", url=f"{zhang_phone.base}/cgi-bin/webhook/send?key=k")  # not a duty receiver
    shifts, admin = "/v1/townships/houtai/duty-shifts", api.headers("houtai")
    refused = api.client.post(shifts, headers=admin, json={
        "person": "王某", "starts_at": "2026-03-02T08:00:00+08:00", "ends_at": "2026-03-02T20:00:00+08:00",
        "receivers": [group["id"]]})
    assert (refused.status_code, refused.json()["field"]) == (422, "receivers.0")
    backwards = api.client.post(shifts, headers=admin, json={
        "person": "王某", "starts_at": "2026-03-02T20:00:00+08:00", "ends_at": "2026-03-02T08:00:00+08:00",
        "receivers": [zhang["id"]]})
    assert (backwards.status_code, backwards.json()["field"]) == (422, "ends_at")
    leader = api.headers("houtai", roles=("leader",))
    assert api.client.post(shifts, headers=leader, json={
        "person": "张镇长", "starts_at": "2026-03-02T08:00:00+08:00", "ends_at": "2026-03-02T20:00:00+08:00",
        "receivers": [zhang["id"]]}).status_code == 403
    day = api.client.post(shifts, headers=admin, json={
        "person": "张镇长", "starts_at": "2026-03-02T08:00:00+08:00", "ends_at": "2026-03-02T20:00:00+08:00",
        "receivers": [zhang["id"]]})
    night = api.client.post(shifts, headers=admin, json={
        "person": "李镇长", "starts_at": "2026-03-02T20:00:00+08:00", "ends_at": "2026-03-03T08:00:00+08:00",
        "receivers": [li["id"]]})
    assert day.status_code == night.status_code == 201
    on_duty = api.client.get(shifts, params={"at": "2026-03-02T10:00:00+08:00"}, headers=leader).json()["items"]
    assert [s["person"] for s in on_duty] == ["张镇长"]
    robot_texts = lambda robot: [m for m in robot.texts() if "重大矛盾纠纷" in m["markdown"]["content"]]  # noqa: E731
    publish(nats_server.url, major_dispute()[1])  # 10:00: the day shift
    wait_until(lambda: len(robot_texts(zhang_phone)) == 2)  # Zhang's duty receiver and the group's robot
    clock.advance(hours=12)  # 22:00: the night shift
    publish(nats_server.url, major_dispute()[1])
    wait_until(lambda: len(robot_texts(li_phone)) == 1)
    time.sleep(1.5)
    assert len(robot_texts(zhang_phone)) == 3  # only the group robot got the night's alert there
    cancelled = api.client.delete(f"{shifts}/{night.json()['id']}", headers=admin)
    assert cancelled.json()["status"] == "cancelled"
    assert api.client.get(shifts, params={"at": "2026-03-02T22:00:00+08:00"}, headers=leader).json()["items"] == []
    zhang_phone.shutdown()
    li_phone.shutdown()
