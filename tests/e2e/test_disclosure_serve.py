"""`fazhi serve disclosure` as a real process: a request answered and an item published reach NATS."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import httpx

from fazhi.auth import issue_token, load_or_create_signing_key
from fazhi.bus import connect
from fazhi.clock import Clock

ID = "110101199003074514"


async def _stream_messages(url: str, at_least: int) -> list[tuple[str, dict]]:
    """(subject, CloudEvent) of every message on the DISCLOSURE stream, once it holds `at_least`."""
    nc = await connect([url], "e2e-watch")
    try:
        js = nc.jetstream()
        deadline = time.monotonic() + 20
        while (count := (await js.stream_info("DISCLOSURE")).state.messages) < at_least:
            assert time.monotonic() < deadline, f"only {count} events were relayed"
            await asyncio.sleep(0.1)
        messages = [await js.get_msg("DISCLOSURE", seq) for seq in range(1, count + 1)]
        return [(m.subject, json.loads(m.data)) for m in messages]
    finally:
        await nc.close()


def test_the_disclosure_process_relays_its_events_with_the_applicant_masked(start_service, service_env, secured_nats):
    service = start_service("disclosure")
    key = load_or_create_signing_key(Path(service_env["FAZHI_DATA_DIR"]) / "keys" / "signing-key.json")
    token = issue_token(key, subject="e2e", townships=["houtai"], roles=["disclosure_officer"])
    today = Clock().today().isoformat()
    application = {"channel": "online", "applicant_type": "natural_person", "received_on": today,
                   "applicant": {"name": "张三丰", "id_number": ID, "phone": "13812345678"},
                   "information_sought": "低保名单"}
    item = {"title": "低保名单", "body": "见附件", "category": "social_assistance", "formed_on": today}
    with httpx.Client(base_url=service.url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
        request = client.post("/v1/townships/houtai/requests", json=application).json()
        assert client.post(f"/v1/townships/houtai/requests/{request['id']}/answer",
                           json={"outcome": "granted"}).status_code == 200
        publication = client.post("/v1/townships/houtai/publications", json=item).json()["id"]
        for verb, body in (("submit-review", {"revision": 1}), ("approve", {"revision": 1}),
                           ("publish", {"channels": ["website"]})):
            assert client.post(f"/v1/townships/houtai/publications/{publication}/{verb}", json=body).is_success
        assert client.get("/readyz").json()["checks"] == {"database": True, "nats": True}
    messages = asyncio.run(_stream_messages(secured_nats.operator_url, at_least=6))
    assert [subject for subject, _ in messages] == [
        "fazhi.disclosure.houtai.request.received", "fazhi.disclosure.houtai.request.answered",
        "fazhi.disclosure.houtai.publication.drafted", "fazhi.disclosure.houtai.publication.review_submitted",
        "fazhi.disclosure.houtai.publication.review_approved", "fazhi.disclosure.houtai.publication.published"]
    received, answered = messages[0][1], messages[1][1]
    assert received["data"]["applicant"]["id_number"] == "110101********4514"
    assert received["data"]["applicant"]["name"] == "张**" and ID not in json.dumps(messages)
    assert {k: answered["data"][k] for k in ("outcome", "applicant_type", "org_type", "on_time")} == {
        "outcome": "granted", "applicant_type": "natural_person", "org_type": None, "on_time": True}
