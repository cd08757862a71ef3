"""Referral in through a real NATS server: a petition case referred to mediation opens one dispute, once."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from nats.js.api import ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

from fazhi.bus import connect, ensure_stream
from fazhi.clock import FixedClock
from fazhi.events import RecordedEvent
from services.petition import contract as _petition_contract  # noqa: F401  (its markers mask the referral)

DISPUTES = "/v1/townships/houtai/disputes"
REFERRAL = {"case_id": "case-7", "village": "v03", "category": "land_homestead", "summary": "a homestead boundary",
            "parties": [{"name": "张三丰", "id_number": "11010519491231002X", "phone": "13812345678"}],
            "people_involved": 3, "reason": "a civil dispute better mediated"}


def referral(data: dict | None = None) -> RecordedEvent:
    at = datetime(2026, 3, 2, 1, tzinfo=UTC)
    return RecordedEvent(event_id=str(uuid.uuid4()), stream_id="case-7", stream_type="case", version=4,
                         type="petition.case.referred", schema_version=1, township="houtai",
                         data=data or REFERRAL, occurred_at=at, recorded_at=at,
                         metadata={"correlation_id": "corr-referral-1", "actor": "petition-desk"})


async def _publish(url: str, event: RecordedEvent, times: int) -> None:
    nc = await connect([url], "petition-test")
    js = nc.jetstream()
    await ensure_stream(js, "petition")
    for _ in range(times):  # a new message id each time: the stream keeps both, as after a petition relay crash
        await js.publish(event.subject, event.to_json(masked=True), headers={"Nats-Msg-Id": str(uuid.uuid4())})
    await nc.close()


async def _acked(url: str) -> int:
    nc = await connect([url], "consumer-watch")
    try:
        info = await nc.jetstream().consumer_info("PETITION", "mediation-referrals")
        return info.ack_floor.stream_seq if info.num_ack_pending == 0 else 0
    except NotFoundError:  # the service has not created its durable consumer yet
        return 0
    finally:
        await nc.close()


def wait_until(check: Callable[[], object], timeout: float = 20.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.1)
    raise TimeoutError("condition not met in time")


@pytest.fixture
def api(api_for):
    return api_for("mediation", clock=FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC)), max_deliver=2)


def disputes(api) -> list[dict]:
    return api.client.get(DISPUTES, headers=api.headers("houtai")).json()["items"]


def test_a_referral_delivered_twice_opens_exactly_one_dispute_with_the_people_as_received(api, nats_server):
    event = referral()
    asyncio.run(_publish(nats_server.url, event, times=2))
    wait_until(lambda: asyncio.run(_acked(nats_server.url)) >= 2)
    (dispute,) = disputes(api)
    assert (dispute["source"], dispute["referral_case_id"], dispute["level"], dispute["village"]) == \
        ("referral", "case-7", "township", "v03")
    assert (dispute["category"], dispute["people_involved"], dispute["status"]) == ("land_homestead", 3, "registered")
    assert dispute["parties"] == [{"name": "张**", "id_number": "110105********002X", "phone": "138****5678"}]
    assert dispute["description"].startswith("a homestead boundary")
    history = api.client.get(f"{DISPUTES}/{dispute['id']}/events", headers=api.headers("houtai")).json()["items"]
    assert history[0]["actor"] == "petition-referral"


def test_a_referral_replayed_from_the_dead_letters_still_yields_one_dispute(api, nats_server):
    event = referral()
    asyncio.run(_publish(nats_server.url, event, times=1))
    wait_until(lambda: disputes(api))
    subscriptions = api.client.app.state.runtime.subscriptions
    api.client.portal.call(subscriptions.park, "mediation-referrals", event.subject,
                           RecordedEvent.from_json(event.to_json(masked=True)), "simulated failure", 2)
    (parked,) = api.client.portal.call(subscriptions.dead_letters)
    api.client.portal.call(subscriptions.replay, parked["id"])
    assert api.client.portal.call(subscriptions.dead_letters) == []
    assert len(disputes(api)) == 1


def test_a_referral_the_service_cannot_read_is_parked_not_lost(api, nats_server):
    broken = referral({"village": "v03"})  # no case id, no summary
    asyncio.run(_publish(nats_server.url, broken, times=1))
    subscriptions = api.client.app.state.runtime.subscriptions
    (parked,) = wait_until(lambda: api.client.portal.call(subscriptions.dead_letters))
    assert (parked["consumer"], parked["event_id"]) == ("mediation-referrals", broken.event_id)
    assert disputes(api) == []


def test_a_referral_naming_a_village_of_another_township_opens_a_township_case_without_it(api, nats_server):
    asyncio.run(_publish(nats_server.url, referral({**REFERRAL, "village": "v99", "category": "feud"}), times=1))
    (dispute,) = wait_until(lambda: disputes(api))
    assert (dispute["village"], dispute["category"]) == (None, "other")


async def _published(url: str, count: int) -> list[RecordedEvent]:
    nc = await connect([url], "mediation-watch")
    received: list[RecordedEvent] = []
    try:
        for _ in range(100):  # the service declares its stream once its relay has reached NATS
            try:
                sub = await nc.jetstream().pull_subscribe("fazhi.mediation.houtai.dispute.>", stream="MEDIATION",
                                                          config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL))
                break
            except NotFoundError:
                await asyncio.sleep(0.1)
        else:
            raise AssertionError("the service never declared its MEDIATION stream")
        while len(received) < count:
            for msg in await sub.fetch(count, timeout=10):
                received.append(RecordedEvent.from_json(msg.data))
                await msg.ack()
    finally:
        await nc.close()
    return received


def test_the_events_of_a_dispute_leave_the_service_with_people_masked(api, nats_server):
    body = {"level": "village", "village": "v01", "source": "walk_in", "category": "neighbours",
            "parties": [{"name": "张三丰", "id_number": "11010519491231002X", "phone": "13812345678"}],
            "people_involved": 6, "amount": "120000.50", "description": "a feud", "risk_flags": ["mass"]}
    created = api.client.post(DISPUTES, json=body, headers=api.headers("houtai", roles=("mediator",)))
    registered, classified = asyncio.run(_published(nats_server.url, 2))
    assert registered.subject == "fazhi.mediation.houtai.dispute.registered"
    assert registered.stream_id == created.json()["id"]
    assert registered.data["parties"] == [{"name": "张**", "id_number": "110105********002X", "phone": "138****5678"}]
    assert registered.data["amount"] == "120000.50"
    assert (classified.type, classified.data["severity"], classified.data["reasons"]) == \
        ("mediation.dispute.classified", "major", ["people_involved", "amount", "mass"])
