"""Rebuilding the fact rows: forget them, then replay every producer stream from its first message.

The replay goes through the same projector as the durable consumers, under the same
tracking rows, so an event the live consumer applies meanwhile is applied once either way.
"""

from __future__ import annotations

from typing import Any

import orjson
import structlog
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import DeliverPolicy
from nats.js.errors import NotFoundError
from sqlalchemy import delete

from fazhi.bus import stream_name
from fazhi.errors import RuleViolation
from fazhi.events import RecordedEvent
from fazhi.service import Runtime
from fazhi.store.tables import documents, tracking
from fazhi.subscriptions import Handler, foreign, tracked
from services.reporting.facts.consumers import durable_name
from services.reporting.facts.kinds import COLLECTIONS, PRODUCERS
from services.reporting.facts.projector import FactProjector

log = structlog.get_logger("reporting.rebuild")
WAIT_SECONDS = 10.0  # for the next message of a stream known to hold more


async def rebuild_facts(runtime: Runtime) -> dict[str, Any]:
    """Delete every fact row and this service's tracking rows, then replay the three streams."""
    if not runtime.bus_connected or runtime.nats is None:
        raise RuleViolation("the fact rows are rebuilt from NATS, which is not connected yet; try again shortly")
    async with runtime.store.transaction() as conn:
        await conn.execute(delete(documents).where(documents.c.collection.in_(COLLECTIONS)))
        await conn.execute(delete(tracking).where(tracking.c.consumer.in_([durable_name(s) for s in PRODUCERS])))
    projector = FactProjector(runtime.store, runtime.county.calendar())
    js = runtime.nats.jetstream()
    replayed = {}
    for service in PRODUCERS:
        replayed[service] = await _replay(runtime, js, service, projector)
    return {"facts": replayed}


async def _replay(runtime: Runtime, js: JetStreamContext, service: str, projector: FactProjector) -> int:
    """Run the stream's messages up to its last one (at the start) through the tracked projector."""
    try:
        last = (await js.stream_info(stream_name(service))).state.last_seq
    except NotFoundError:  # the producer has not published yet: nothing of it to replay
        return 0
    if last == 0:
        return 0
    durable = durable_name(service)
    handle = tracked(runtime.store, durable, projector)
    sub = await js.subscribe(f"fazhi.{service}.>", stream=stream_name(service), ordered_consumer=True,
                             deliver_policy=DeliverPolicy.ALL)
    count = 0
    try:
        while True:
            msg = await sub.next_msg(timeout=WAIT_SECONDS)
            count += await _apply(runtime, service, durable, handle, msg)
            if msg.metadata.sequence.stream >= last or msg.metadata.num_pending == 0:
                return count
    finally:
        await sub.unsubscribe()


async def _apply(runtime: Runtime, service: str, durable: str, handle: Handler, msg: Msg) -> int:
    try:
        envelope = orjson.loads(msg.data)
        event = RecordedEvent.from_cloudevent(envelope)
    except (ValueError, KeyError, TypeError) as error:
        log.warning("rebuild.unreadable_message", subject=msg.subject, error=repr(error))
        return 0
    if refused := foreign(service, msg.subject, envelope, event):  # as on the live path: parked, not counted
        await runtime.subscriptions.park_refused(durable, msg, envelope, refused)
        return 0
    try:
        await handle(event)
    except Exception as error:  # a poison message waits in the dead letters, as on the live path
        await runtime.subscriptions.park(durable, msg.subject, event, repr(error), 1)
        return 0
    return 1
