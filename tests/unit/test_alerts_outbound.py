"""Specification of what leaves the alert engine: where it may go, how it is signed, what people read."""

import base64
import hashlib
import hmac
import ipaddress
import json
import urllib.parse
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook as StandardWebhook, WebhookVerificationError

from fazhi.county import SmsGateway, load_county
from services.reporting.alerts.delivery.channels import (
    dingtalk_signed, new_secret, sms_request, standard_headers,
)
from services.reporting.alerts.delivery.egress import DestinationRefused, EgressPolicy, why_internal
from services.reporting.alerts.delivery.messages import message
from services.reporting.alerts.handlers.webhooks import signing_secrets


def resolver(table: dict[str, list[str]]):
    async def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError("no such host")
        return table[host]
    return resolve


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.255.0.9", "::1", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254", "169.254.1.1",
    "fe80::1", "fc00::1", "fd00:ec2::254", "224.0.0.1", "ff02::1", "0.0.0.0", "::", "240.0.0.1", "100.64.0.1",
    "100.100.100.200", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:7f00:1::1", "64:ff9b::a00:1",
])
def test_internal_addresses_in_every_form_are_named(address):
    assert why_internal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2400:3200::1", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address):
    assert why_internal(ipaddress.ip_address(address)) is None


async def test_a_name_is_refused_when_any_address_it_resolves_to_is_internal():
    policy = EgressPolicy(resolver=resolver({"localhost": ["127.0.0.1", "::1"],
                                             "split.example": ["8.8.8.8", "10.0.0.5"],
                                             "hooks.example": ["8.8.4.4"]}))
    for url in ("http://localhost/x", "http://split.example/x", "http://nowhere.example/x", "ftp://hooks.example/"):
        with pytest.raises(DestinationRefused):
            await policy.check(url)
    target = await policy.check("https://Hooks.Example.:8443/in?x=1")
    assert (target.address, str(target.request_url()), target.host_header()) == (
        "8.8.4.4", "https://8.8.4.4:8443/in?x=1", "hooks.example.:8443")


async def test_the_allow_list_admits_named_hosts_and_networks_and_nothing_else():
    table = {"bridge.county.local": ["10.20.0.4"], "other.county.local": ["10.30.0.4"], "127.0.0.1": ["127.0.0.1"]}
    policy = EgressPolicy(["bridge.county.local", "10.20.0.0/16", "127.0.0.1"], resolver(table))
    assert (await policy.check("http://bridge.county.local/")).address == "10.20.0.4"
    assert (await policy.check("http://127.0.0.1:9000/")).address == "127.0.0.1"
    with pytest.raises(DestinationRefused, match="10.30.0.4"):
        await policy.check("http://other.county.local/")


async def test_each_check_resolves_again_so_a_name_that_turns_inside_is_refused_at_delivery():
    answers = iter([["8.8.8.8"], ["127.0.0.1"]])

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    policy = EgressPolicy(resolver=rebinding)
    assert (await policy.check("http://rebind.example/")).address == "8.8.8.8"  # at registration
    with pytest.raises(DestinationRefused, match="本机回环地址"):
        await policy.check("http://rebind.example/")  # at delivery


def test_standard_webhook_headers_verify_with_the_reference_library_and_carry_one_signature_per_secret():
    old, new = new_secret(), new_secret()
    assert old.startswith("whsec_") and len(base64.b64decode(old[6:])) == 32
    body = json.dumps({"type": "reporting.alert.raised", "title": "重大矛盾纠纷"}, ensure_ascii=False).encode()
    headers = standard_headers([new, old], "msg_1", body)
    assert len(headers["webhook-signature"].split(" ")) == 2
    for secret in (old, new):
        assert StandardWebhook(secret).verify(body, headers) == json.loads(body)
    with pytest.raises(WebhookVerificationError):
        StandardWebhook(new_secret()).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        StandardWebhook(new).verify(body + b" ", headers)
    mac = hmac.new(base64.b64decode(new[6:]), f"msg_1.{headers['webhook-timestamp']}.".encode() + body,
                   hashlib.sha256).digest()
    assert headers["webhook-signature"].split(" ")[0] == "v1," + base64.b64encode(mac).decode()


def test_the_previous_secret_signs_only_until_it_expires():
    private = {"secret": "whsec_new", "previous": "whsec_old", "previous_expires_at": "2026-03-02T04:00:00+00:00"}
    assert signing_secrets(private, datetime(2026, 3, 2, 3, tzinfo=UTC)) == ["whsec_new", "whsec_old"]
    assert signing_secrets(private, datetime(2026, 3, 2, 4, tzinfo=UTC)) == ["whsec_new"]


def test_dingtalk_signs_timestamp_newline_secret_into_the_url():
    url = dingtalk_signed("https://oapi.dingtalk.com/robot/send?access_token=abc", "SECxyz", now_ms=1700000000000)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    expected = base64.b64encode(hmac.new(b"SECxyz", b"1700000000000\nSECxyz", hashlib.sha256).digest()).decode()
    assert query == {"access_token": ["abc"], "timestamp": ["1700000000000"], "sign": [expected]}


def test_the_sms_gateway_gets_its_template_filled_and_signed():
    gateway = SmsGateway(url="https://sms.example/send", template={"to": "{phones}", "list": "{phone_list}",
                                                                   "content": "{text}", "sign": "睢县"},
                         key_id="fazhi")
    body, headers = sms_request(gateway, "s3cret", ["13812345678", "13900001111"], "告警", now=1700000000, nonce="n1")
    assert json.loads(body) == {"to": "13812345678,13900001111", "list": ["13812345678", "13900001111"],
                                "content": "告警", "sign": "睢县"}
    expected = hmac.new(b"s3cret", b"1700000000\nn1\n" + body, hashlib.sha256).hexdigest()
    assert (headers["X-Signature"], headers["X-Timestamp"], headers["X-Nonce"], headers["X-Access-Key"]) == (
        expected, "1700000000", "n1", "fazhi")


def test_a_message_is_chinese_with_county_time_township_village_and_reasons():
    body = {"type": "reporting.alert.raised", "township": "houtai", "alert": {
        "id": "a-1", "rule": "major_dispute", "level": "township", "severity": "critical", "village": "v03",
        "raised_at": "2026-03-02T02:00:00Z", "details": {"reasons": ["people_involved", "criminal_risk"]},
        "subject": {"service": "mediation", "kind": "dispute", "id": "d-1"}}}
    words = message(body, load_county())
    assert words.title == "【新告警】后台乡重大矛盾纠纷"
    assert "地点：后台乡 示范三村" in words.lines
    assert "发生时间：2026-03-02 10:00（北京时间）" in words.lines
    assert "原因：涉及人数多；民转刑风险" in words.lines
    assert words.markdown.startswith("### 【新告警】后台乡重大矛盾纠纷\n> 地点：")


def test_a_duty_shift_runs_from_its_start_until_its_end_unless_cancelled():
    from datetime import timedelta

    from fazhi.errors import InvalidInput, RuleViolation
    from services.reporting.alerts.domain.duty import DutyShift

    start = datetime(2026, 3, 2, 0, tzinfo=UTC)
    shift = DutyShift("s-1", "houtai")
    with pytest.raises(InvalidInput) as backwards:
        shift.schedule(scope="houtai", person="张", role="leader", starts_at=start, ends_at=start, receivers=["r"],
                       by="a")
    assert backwards.value.field == "ends_at"
    with pytest.raises(InvalidInput):
        shift.schedule(scope="houtai", person="张", role="leader", starts_at=start, ends_at=start + timedelta(days=32),
                       receivers=["r"], by="a")
    shift.fold(shift.schedule(scope="houtai", person="张", role="leader", starts_at=start,
                              ends_at=start + timedelta(hours=12), receivers=["r", "r"], by="a"))
    assert shift.scheduled.receivers == ["r"]
    assert not shift.covers(start - timedelta(seconds=1)) and shift.covers(start)
    assert not shift.covers(start + timedelta(hours=12))
    shift.fold(shift.cancel(by="a", now=start))
    assert not shift.covers(start + timedelta(hours=1))
    with pytest.raises(RuleViolation):
        shift.cancel(by="a", now=start)
