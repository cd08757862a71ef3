"""What the relay puts on the bus: each event's personal data masked by its type's markers, the owning
service's store keeping it whole (real NATS; SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date, datetime, timezone

from nats.js.api import ConsumerConfig, DeliverPolicy

from fazhi.bus import connect, ensure_stream
from fazhi.events import NewEvent, RecordedEvent
from fazhi.relay import OutboxRelay
from fazhi.store.sql import SqlEventStore
from services.disclosure import contract as c

AT = datetime(2026, 2, 10, 2, tzinfo=timezone.utc)
RECEIVED = c.RequestReceived(
    channel=c.RequestChannel.POST, applicant_type=c.ApplicantType.NATURAL_PERSON, org_type=None,
    applicant=c.Applicant(name="张三", id_number="110101199003074514", phone="0086 138 1234 5678",
                          address="睢县后台乡张庄村3组12号"),
    information_sought="请寄至上述地址，电话（0370）1234567", delivery="邮寄：睢县后台乡张庄村3组12号",
    received_on=date(2026, 2, 10), registered_at=AT, due_on=date(2026, 3, 16),
)
CONSULTED = c.ConsultationStarted(consultee=c.Consultee(name="李四", phone="13912345678"), consulted_on=date(2026, 2, 11),
                                  reply_by=date(2026, 2, 26))


async def on_the_bus(nats_url: str, count: int) -> list[RecordedEvent]:
    nc = await connect([nats_url], "listener")
    sub = await nc.jetstream().pull_subscribe("fazhi.disclosure.>", stream="DISCLOSURE",
                                              config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL))
    received: list[RecordedEvent] = []
    while len(received) < count:
        received += [RecordedEvent.from_json(m.data) for m in await sub.fetch(count, timeout=10)]
    await nc.close()
    return received


async def test_the_relay_masks_each_event_by_the_markers_of_its_type(database_url, nats_server):
    store = await SqlEventStore.open(database_url)
    nc = await connect([nats_server.url], "relay")
    js = nc.jetstream()
    await ensure_stream(js, "disclosure")
    events = [NewEvent.of(RECEIVED), NewEvent.of(CONSULTED), NewEvent("disclosure.request.noted", {"by": "13812345678"})]
    await store.append("req-1", "request", "houtai", events, expected_version=0)
    task = asyncio.create_task(OutboxRelay(store, js, poll_seconds=0.1).run())
    try:
        received, consulted, unknown = await on_the_bus(nats_server.url, 3)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await nc.close()
    assert received.data["applicant"] == {"name": "张*", "id_number": "110101********4514",
                                          "phone": "0086 138 **** 5678", "address": "睢县后台乡********",
                                          "credit_code": None}
    assert received.data["information_sought"] == "请寄至上述地址，电话（0370）*****67"
    assert received.data["delivery"] == "邮寄：睢县后台乡********"  # marked as an address
    assert (received.data["channel"], received.data["due_on"]) == ("post", "2026-03-16")
    assert consulted.data["consultee"] == {"name": "李*", "phone": "139****5678", "organ": False}
    assert unknown.data == {"by": "138****5678"}  # a type not known here: every string is free text
    kept = (await store.read_stream("req-1"))[0].data["applicant"]
    assert kept["id_number"] == "110101199003074514" and kept["address"] == "睢县后台乡张庄村3组12号"
    await store.close()
