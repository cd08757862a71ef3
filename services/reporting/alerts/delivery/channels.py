"""One attempt to hand a notification to a subscriber, in each channel's documented format.

- webhook: the notification JSON, signed as Standard Webhooks (`webhook-id`, `webhook-timestamp`,
  `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one signature per valid secret);
- WeCom group robot: `{"msgtype": "markdown", "markdown": {"content": …}}`, taken when `errcode` is 0;
- DingTalk custom robot: markdown, the URL signed with `timestamp` and
  `sign = urlencode(base64(HMAC-SHA256(secret, "<timestamp>\\n<secret>")))`, taken when `errcode` is 0;
- e-mail through the county's mail relay; SMS through the county's HTTP gateway (`fazhi.county.SmsGateway`).

Timestamps in signatures are the wall clock: the receiver checks them against its own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import urllib.parse
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

import aiosmtplib
import httpx
from standardwebhooks.webhooks import Webhook as StandardWebhook

from fazhi.county import SmsGateway, SmtpServer
from fazhi.service import Runtime
from services.reporting.alerts.contract import Channel
from services.reporting.alerts.delivery.egress import GuardedClient
from services.reporting.alerts.delivery.messages import Message, message
from services.reporting.alerts.delivery.notifications import encode

SECRET_PREFIX = "whsec_"
SMTP_TIMEOUT = 10.0


class Undelivered(Exception):
    """The subscriber did not take it (for the server log only: the delivery log says "failed")."""


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def standard_headers(signing: list[str], msg_id: str, body: bytes, at: datetime | None = None) -> dict[str, str]:
    """The Standard Webhooks headers; one `v1,` signature per secret (two while a rotation runs)."""
    moment = (at or datetime.now(UTC)).astimezone(UTC)
    data = body.decode()
    signatures = [StandardWebhook(secret).sign(msg_id, moment, data) for secret in signing]
    return {"webhook-id": msg_id, "webhook-timestamp": str(int(moment.timestamp())),
            "webhook-signature": " ".join(signatures), "Content-Type": "application/json"}


def dingtalk_signed(url: str, secret: str, now_ms: int | None = None) -> str:
    """The robot URL with DingTalk's `timestamp` (ms) and `sign` query parameters."""
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    mac = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(mac))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def sms_request(gateway: SmsGateway, secret: str, phones: list[str], text: str,
                now: int | None = None, nonce: str | None = None) -> tuple[bytes, dict[str, str]]:
    """The gateway's body (its template filled in) and headers, signed over `<timestamp>\\n<nonce>\\n<body>`."""
    def fill(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v) for v in value]
        if value == "{phone_list}":
            return phones
        if isinstance(value, str):
            return value.replace("{phones}", ",".join(phones)).replace("{text}", text)
        return value

    body = json.dumps(fill(gateway.template), ensure_ascii=False, separators=(",", ":")).encode()
    timestamp, nonce = str(now if now is not None else int(time.time())), nonce or uuid.uuid4().hex
    mac = hmac.new(secret.encode(), timestamp.encode() + b"\n" + nonce.encode() + b"\n" + body, hashlib.sha256)
    signature = mac.hexdigest() if gateway.signature_encoding == "hex" else base64.b64encode(mac.digest()).decode()
    headers = {"Content-Type": "application/json; charset=utf-8", gateway.timestamp_header: timestamp,
               gateway.nonce_header: nonce, gateway.signature_header: signature}
    if gateway.key_id:
        headers[gateway.key_header] = gateway.key_id
    return body, headers


async def send(runtime: Runtime, http: GuardedClient, channel: Channel, private: dict[str, Any], signing: list[str],
               msg_id: str, body: dict[str, Any]) -> None:
    """One attempt; returns when the subscriber took it, raises otherwise."""
    if channel is Channel.WEBHOOK:
        payload = encode(body)
        _taken(await http.post(private["url"], content=payload, headers=standard_headers(signing, msg_id, payload)))
        return
    words = message(body, runtime.county) if "alert" in body else _ping_message(body)
    if channel is Channel.WECOM:
        payload = _json({"msgtype": "markdown", "markdown": {"content": words.markdown}})
        _robot_taken(await http.post(private["url"], content=payload, headers=_JSON))
    elif channel is Channel.DINGTALK:
        payload = _json({"msgtype": "markdown", "markdown": {"title": words.title, "text": words.markdown}})
        url = dingtalk_signed(private["url"], private["secret"])
        _robot_taken(await http.post(url, content=payload, headers=_JSON))
    elif channel is Channel.EMAIL:
        await _mail(runtime, private["to"], words)
    elif channel is Channel.SMS:
        gateway = runtime.county.alerts.sms
        secret = runtime.settings.sms_secret
        if gateway is None or secret is None:
            raise Undelivered("the county has no SMS gateway (alerts.sms, FAZHI_SMS_SECRET)")
        payload, headers = sms_request(gateway, secret.get_secret_value(), private["phones"], words.text)
        response = await http.post(gateway.url, content=payload, headers=headers)
        _taken(response)
        if gateway.success_field is not None and _field(response, gateway.success_field) != gateway.success_value:
            raise Undelivered("the SMS gateway refused the message")


async def _mail(runtime: Runtime, to: list[str], words: Message) -> None:
    relay: SmtpServer | None = runtime.county.alerts.smtp
    if relay is None:
        raise Undelivered("the county has no mail relay (alerts.smtp)")
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = relay.sender, ", ".join(to), words.title
    mail.set_content(words.text)
    password = runtime.settings.smtp_password
    await aiosmtplib.send(
        mail, hostname=relay.host, port=relay.port, username=relay.username,
        password=password.get_secret_value() if password else None, use_tls=relay.tls,
        start_tls=relay.starttls and not relay.tls, timeout=SMTP_TIMEOUT,
    )


def _ping_message(body: dict[str, Any]) -> Message:
    return Message("【测试】法治告警推送", [f"这是一条测试消息，推送地址 {body.get('webhook_id', '')} 已可接收告警。"])


_JSON = {"Content-Type": "application/json; charset=utf-8"}


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _taken(response: httpx.Response) -> None:
    if not response.is_success:  # a redirect is not followed, so it is not taken either
        raise Undelivered(f"HTTP {response.status_code}")


def _robot_taken(response: httpx.Response) -> None:
    _taken(response)
    if _field(response, "errcode") != 0:
        raise Undelivered(f"robot answered errcode {_field(response, 'errcode')!r}")


def _field(response: httpx.Response, name: str) -> Any:
    try:
        return response.json().get(name)
    except (ValueError, AttributeError):
        return None
