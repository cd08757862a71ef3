"""The petition side of the mediation referral, through a real NATS server.

The referral leaves on the PETITION stream with its people masked; mediation's report of the
dispute it opened (published here by hand on the MEDIATION stream) links the case once, however
often it is delivered.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
from nats.js.api import ConsumerConfig, DeliverPolicy

from fazhi.bus import connect, ensure_stream
from fazhi.clock import FixedClock
from fazhi.events import RecordedEvent

BASE = "/v1/townships/houtai/petitions"
ZHANG = "411422198001010010"


@pytest.fixture
def api(api_for):
    return api_for("petition", clock=FixedClock(datetime(2025, 3, 3, 2, tzinfo=UTC)))


@pytest.fixture
async def js(nats_server):
    nc = await connect([nats_server.url], "test-mediation")
    js = nc.jetstream()
    await ensure_stream(js, "mediation")
    await ensure_stream(js, "petition")
    yield js
    await nc.close()


def referred_case(api) -> str:
    officer = api.headers(roles=("petition_officer",))
    body = {"channel": "visit", "petitioners": [{"name": "张三丰", "id_number": ZHANG, "phone": "13812345678"}],
            "subject": "宅基地边界", "claims": ["拆除越界围墙"], "village": "v03"}
    case_id = api.client.post(BASE, json=body, headers=officer).json()["id"]
    response = api.client.post(f"{BASE}/{case_id}/refer", json={"category": "land_homestead", "reason": "民事纠纷"},
                               headers=officer)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "referred"
    return case_id


def dispute_registered(dispute_id: str, case_id: str | None) -> RecordedEvent:
    """A `mediation.dispute.registered` as the mediation service's relay would put it on the bus."""
    now = datetime.now(UTC)
    data = {"dispute_id": dispute_id, "level": "township", "village": "v03",
            "source": "referral" if case_id else "walk_in", "category": "land_homestead",
            "parties": [{"name": "张**", "id_number": "411422********0010", "phone": None}], "people_involved": 1,
            "amount": None, "description": "宅基地边界", "risk_flags": [], "referral_case_id": case_id,
            "registered_on": "2025-03-03"}
    return RecordedEvent(str(uuid.uuid4()), dispute_id, "dispute", 1, "mediation.dispute.registered", 1, "houtai",
                         data, now, now, {"correlation_id": "c-1"})


async def publish(js, event: RecordedEvent, msg_id: str | None = None) -> None:
    await js.publish(event.subject, event.to_json(masked=True), headers={"Nats-Msg-Id": msg_id or event.event_id})


async def eventually(check, timeout: float = 15.0):
    for _ in range(int(timeout / 0.05)):
        if result := check():
            return result
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")


def history(api, case_id: str) -> list[str]:
    items = api.client.get(f"{BASE}/{case_id}/events", headers=api.headers()).json()["items"]
    return [item["type"] for item in items]


async def test_a_referral_is_published_with_the_contract_fields_and_its_people_masked(api, js):
    case_id = referred_case(api)
    sub = await js.pull_subscribe("fazhi.petition.houtai.case.referred", durable=None,
                                  config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL))
    [msg] = await sub.fetch(1, timeout=10)
    event = RecordedEvent.from_json(msg.data)
    assert (event.type, event.data["case_id"], event.data["category"], event.data["people_involved"]) == (
        "petition.case.referred", case_id, "land_homestead", 1)
    assert event.data["parties"] == [{"name": "张**", "id_number": "411422********0010", "phone": "138****5678"}]
    assert {"village", "summary", "reason"} <= event.data.keys()


async def test_mediations_report_links_the_dispute_to_the_case_once_even_when_redelivered(api, js):
    case_id = referred_case(api)
    report = dispute_registered("d-1", case_id)
    await publish(js, dispute_registered("d-0", None))  # a walk-in dispute: not ours to link
    await publish(js, report)
    linked = await eventually(lambda: api.client.get(f"{BASE}/{case_id}", headers=api.headers()).json()["dispute_id"])
    assert linked == "d-1"
    await publish(js, report, msg_id="redelivered")  # past the duplicate window: delivered again
    await publish(js, dispute_registered("d-1", case_id))  # the same dispute reported by another event
    await consumed(js, 4)
    assert history(api, case_id).count("petition.case.referral_linked") == 1
    assert api.client.get("/v1/admin/dead-letters", headers=api.headers()).json()["items"] == []


async def consumed(js, messages: int) -> None:
    """Wait until the petition service has acknowledged the first `messages` of the MEDIATION stream."""

    async def acked() -> bool:
        info = await js.consumer_info("MEDIATION", "petition-referral-links")
        return info.ack_floor.stream_seq >= messages

    for _ in range(300):
        if await acked():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the consumer did not acknowledge {messages} messages")
