"""The alerts consumers' handler: events that arrive together fire their at-once rules before anything else."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from fazhi.events import RecordedEvent
from fazhi.subscriptions import BatchHandler
from services.reporting.alerts.consumers import AlertRules


def recorded(stream_id: str, version: int) -> RecordedEvent:
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    return RecordedEvent(event_id=str(uuid.uuid4()), stream_id=stream_id, stream_type="dispute", version=version,
                         type="mediation.dispute.noted", schema_version=1, township="houtai", data={},
                         metadata={}, occurred_at=at, recorded_at=at, position=None)


class Recording(AlertRules):
    """The handler's order of steps, with the steps themselves left out."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, str, int]] = []

    async def first(self, event: RecordedEvent) -> None:
        self.steps.append(("first", event.stream_id, event.version))
        await asyncio.sleep(0)  # another case may go meanwhile: each case's own order must hold

    async def then(self, event: RecordedEvent) -> None:
        self.steps.append(("then", event.stream_id, event.version))


def test_a_batch_fires_every_at_once_rule_before_any_watch_and_each_case_in_stream_order() -> None:
    rules = Recording()
    batch = [recorded("b", 2), recorded("a", 1), recorded("b", 1), recorded("a", 2), recorded("c", 1)]
    asyncio.run(rules.many(batch))
    steps = rules.steps
    assert [step for step, *_ in steps] == ["first"] * 5 + ["then"] * 5
    for case in ("a", "b"):
        assert [v for step, s, v in steps if step == "first" and s == case] == [1, 2]
    assert isinstance(rules, BatchHandler)


def test_one_event_goes_through_both_steps() -> None:
    rules = Recording()
    asyncio.run(rules(recorded("a", 1)))
    assert rules.steps == [("first", "a", 1), ("then", "a", 1)]
