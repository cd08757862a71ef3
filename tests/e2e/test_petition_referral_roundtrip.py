"""The referral round trip with both services as real processes over a real NATS server.

petition refers a case → mediation opens exactly one dispute with source "referral" → petition
shows the dispute id. Re-publishing the referral (as a relay does after a crash, past the
duplicate window) still leaves exactly one dispute.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
from nats.js.api import ConsumerConfig, DeliverPolicy

from fazhi.auth import issue_token, load_or_create_signing_key
from fazhi.bus import connect

PETITIONS = "/v1/townships/houtai/petitions"
DISPUTES = "/v1/townships/houtai/disputes"


def wait_for(check, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def referral_disputes(mediation, headers: dict[str, str], case_id: str) -> list[dict]:
    items = httpx.get(f"{mediation.url}{DISPUTES}?limit=200", headers=headers).json()["items"]
    return [d for d in items if d.get("referral_case_id") == case_id]


async def republish_referral(nats_url: str, case_id: str) -> None:
    """Put the referral on the bus once more with a fresh message id, then wait until mediation acked it."""
    nc = await connect([nats_url], "e2e-republisher")
    try:
        js = nc.jetstream()
        sub = await js.pull_subscribe("fazhi.petition.houtai.case.referred", durable=None,
                                      config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL))
        [msg] = await sub.fetch(1, timeout=10)
        assert case_id.encode() in msg.data
        ack = await js.publish(msg.subject, msg.data, headers={"Nats-Msg-Id": "re-published-after-a-crash"})
        for _ in range(300):
            info = await js.consumer_info("PETITION", "mediation-referrals")
            if info.ack_floor.stream_seq >= ack.seq:
                return
            await asyncio.sleep(0.1)
        raise AssertionError("mediation did not consume the re-published referral")
    finally:
        await nc.close()


def test_a_referred_petition_opens_one_dispute_in_mediation_and_shows_its_id(start_service, service_env,
                                                                            secured_nats):
    key = load_or_create_signing_key(Path(service_env["FAZHI_DATA_DIR"]) / "keys" / "signing-key.json")
    headers = {"Authorization": f"Bearer {issue_token(key, subject='e2e', townships=['houtai'], roles=['admin'])}"}
    mediation = start_service("mediation")
    petition = start_service("petition")
    body = {"channel": "visit", "petitioners": [{"name": "张三丰", "id_number": "411422198001010010"}],
            "subject": "宅基地边界围墙", "claims": ["拆除越界围墙"], "village": "v03"}
    created = httpx.post(f"{petition.url}{PETITIONS}", json=body, headers=headers)
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    referred = httpx.post(f"{petition.url}{PETITIONS}/{case_id}/refer",
                          json={"category": "land_homestead", "reason": "邻里宅基地纠纷，宜调解"}, headers=headers)
    assert referred.status_code == 200, referred.text

    dispute_id = wait_for(lambda: httpx.get(f"{petition.url}{PETITIONS}/{case_id}", headers=headers
                                            ).json()["dispute_id"])
    [dispute] = referral_disputes(mediation, headers, case_id)
    assert (dispute["id"], dispute["source"], dispute["category"], dispute["village"]) == (
        dispute_id, "referral", "land_homestead", "v03")
    assert dispute["parties"][0]["name"] == "张**"  # people cross the bus masked

    asyncio.run(republish_referral(secured_nats.operator_url, case_id))
    assert [d["id"] for d in referral_disputes(mediation, headers, case_id)] == [dispute_id]
    events = httpx.get(f"{petition.url}{PETITIONS}/{case_id}/events", headers=headers).json()["items"]
    assert [e["type"] for e in events].count("petition.case.referral_linked") == 1
