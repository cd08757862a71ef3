"""Helpers for the alert tests (no tests here): producer events published as the producers' relays do."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fazhi.bus import connect, ensure_stream
from fazhi.events import DomainEvent, NewEvent, RecordedEvent

T0 = datetime(2026, 3, 2, 2, tzinfo=UTC)  # Monday 10:00 in the county: no quiet hours


class Case:
    """One producer stream: its events get versions 1, 2, … in the order they are made."""

    def __init__(self, stream_type: str, township: str = "houtai", stream_id: str | None = None) -> None:
        self.stream_type, self.township = stream_type, township
        self.id = stream_id or str(uuid.uuid4())
        self.version = 0

    def event(self, event: DomainEvent, at: datetime = T0) -> RecordedEvent:
        self.version += 1
        new = NewEvent.of(event)
        return RecordedEvent(event_id=str(uuid.uuid4()), stream_id=self.id, stream_type=self.stream_type,
                             version=self.version, type=new.type, schema_version=new.schema_version,
                             township=self.township, data=new.data, occurred_at=at, recorded_at=at,
                             metadata={"actor": "test", "correlation_id": str(uuid.uuid4())})


async def publish_async(url: str, events: list[RecordedEvent], *, again: bool = False) -> None:
    """As the relay does; `again` publishes each a second time under a new message id (a redelivery)."""
    nc = await connect([url], "alerts-test-producer")
    js = nc.jetstream()
    for service in {e.service for e in events}:
        await ensure_stream(js, service)
    for event in events:
        for _ in range(2 if again else 1):
            await js.publish(event.subject, event.to_json(masked=True), headers={"Nats-Msg-Id": str(uuid.uuid4())})
    await nc.close()


def publish(url: str, events: list[RecordedEvent], *, again: bool = False) -> None:
    asyncio.run(publish_async(url, events, again=again))


def wait_until(check: Callable[[], Any], timeout: float = 20.0, every: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(every)
    raise TimeoutError("condition not met in time")


def county_file(path, **alerts: Any) -> str:
    """The demo county with other alert settings (e.g. no quiet hours, a fast timer)."""
    import yaml
    from importlib import resources

    data = yaml.safe_load(resources.files("fazhi").joinpath("demo_county.yaml").read_text("utf-8"))
    rules = alerts.pop("rules", {})
    data["alerts"] = {**data["alerts"], **alerts}
    data["rules"] = {**data["rules"], **rules}
    path.write_text(json.dumps(data, ensure_ascii=False))
    return str(path)


def day(iso: str) -> date:
    return date.fromisoformat(iso)


def dispute_registered(case: Case, *, people: int = 8, level: str = "village", flags: tuple[str, ...] = (),
                       on: date | None = None, due_on: date | None = None, at: datetime = T0) -> RecordedEvent:
    from services.mediation import contract as mc

    on = on or at.date()
    return case.event(mc.DisputeRegistered(
        dispute_id=case.id, level=level, village="v03" if level == "village" else None, source="walk_in",
        category="neighbours", parties=[mc.Party(name="张三丰", phone="13812345678")], people_involved=people,
        amount=None, description="a boundary wall", risk_flags=list(flags), registered_on=on, registered_at=at,
        due_on=due_on or on + timedelta(days=30)), at)


def dispute_classified(case: Case, reasons: list[str], *, at: datetime = T0) -> RecordedEvent:
    from services.mediation import contract as mc

    return case.event(mc.DisputeClassified(
        dispute_id=case.id, severity="major" if reasons else "normal", reasons=reasons, previous_severity=None,
        level="village", village="v03", category="neighbours", classified_on=at.date()), at)


def major_dispute(township: str = "houtai", at: datetime = T0) -> tuple[Case, list[RecordedEvent]]:
    """A dispute mediation registered and classified major (8 people involved)."""
    case = Case("dispute", township)
    return case, [dispute_registered(case, at=at), dispute_classified(case, ["people_involved"], at=at)]


def ready(api: Any) -> Any:
    """Wait until the app's bus is up, so a short test never stops the app in the middle of connecting."""
    wait_until(lambda: api.client.get("/readyz").status_code == 200)
    return api
