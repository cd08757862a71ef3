"""What a notification is: an alert event marked `notify`, and the alert as it stood after it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from fazhi.events import RecordedEvent
from fazhi.store.sql import SqlEventStore
from services.reporting.alerts.delivery.signal import CommitSignal
from services.reporting.alerts.contract import AlertNotification
from services.reporting.alerts.domain import Alert
from services.reporting.alerts.views import alert_state

PAGE = 500


def is_notification(event: RecordedEvent) -> bool:
    return event.stream_type == Alert.stream_type and event.data.get("notify") is True


async def notification(store: SqlEventStore, event: RecordedEvent) -> dict[str, Any]:
    """The body every channel sends: the event's identity and the alert after it."""
    history = [event] if event.version == 1 else await store.read_stream(event.stream_id)
    alert = Alert.from_history(event.stream_id, event.township, [e for e in history if e.version <= event.version])
    assert event.position is not None
    return AlertNotification(
        event_id=event.event_id, type=event.type, position=event.position, occurred_at=event.occurred_at,
        township=event.township, alert=alert_state(alert),
    ).model_dump(mode="json", by_alias=True)


def encode(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Audience:
    """Whose notifications a receiver gets: townships (None: all), and optional rule and level filters."""

    townships: frozenset[str] | None
    rules: frozenset[str] = frozenset()
    levels: frozenset[str] = frozenset()

    def admits(self, body: dict[str, Any]) -> bool:
        alert = body["alert"]
        return ((self.townships is None or body["township"] in self.townships)
                and (not self.rules or alert["rule"] in self.rules)
                and (not self.levels or alert["level"] in self.levels))


async def notifications(store: SqlEventStore, signal: CommitSignal, after: int,
                        poll_seconds: float = 1.0) -> AsyncIterator[dict[str, Any]]:
    """Every notification after position `after`, from the store, then live as commits happen; never ends."""
    position = after
    while True:
        ticket = signal.ticket()
        batch = signal.recent(position) or await store.read_all(position, PAGE)
        for event in batch:
            assert event.position is not None
            position = event.position
            if is_notification(event):
                yield await notification(store, event)
        if len(batch) < PAGE:
            await signal.wait(ticket, poll_seconds)
