"""Rule evaluation in durable consumers of the producers' streams (`alerts-mediation`, …).

Per event: the rules that need nothing but the event run first (a major dispute is raised
before anything else is written), then the case's watch advances, then the rules that need
the watch. Events that arrive together go through the first step all at once (their alerts
share one commit; each case's events in stream order) before any goes on. Every step is
idempotent, so a redelivered event changes nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from itertools import groupby
from typing import Any

from fazhi.county import Rules
from fazhi.events import RecordedEvent
from fazhi.service import Runtime
from fazhi.subscriptions import Subscription
from services.mediation import contract as mc
from services.reporting.alerts.domain import Raise
from services.reporting.alerts.domain.rules import Intent, immediate
from services.reporting.alerts.domain.timed import petitions_in_window, repeat_alert
from services.reporting.alerts.handlers.alerts import raise_alert, resolve_for_case
from services.reporting.alerts.handlers.deadlines import reconcile, screening_arrived
from services.reporting.alerts.handlers.watching import Outcome, WatchWriter

DURABLES = {"mediation": "alerts-mediation", "disclosure": "alerts-disclosure", "petition": "alerts-petition"}
ACTOR = "alerts"


def subscriptions(runtime: Runtime) -> Sequence[Subscription]:
    """One durable consumer per producer stream, all feeding one watch writer."""
    rules = AlertRules(runtime)
    return [Subscription(name=durable, service=service, subject=f"fazhi.{service}.>", handler=rules)
            for service, durable in DURABLES.items()]


class AlertRules:
    """The consumers' handler: one event, or (`many`) what arrived together."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.writer = WatchWriter(runtime)

    async def __call__(self, event: RecordedEvent) -> None:
        await self.first(event)
        await self.then(event)

    async def many(self, events: Sequence[RecordedEvent]) -> None:
        key = lambda event: event.stream_id  # noqa: E731
        cases = [sorted(run, key=lambda event: event.version) for _, run in groupby(sorted(events, key=key), key)]
        if len(cases) == 1:  # what one command committed: here and now, before any other consumer's turn
            await _in_order(cases[0], self.first)
        else:
            await asyncio.gather(*(_in_order(case, self.first) for case in cases))
        await asyncio.gather(*(self.then(event) for event in events))  # the watch writer orders each case

    async def first(self, event: RecordedEvent) -> None:
        """The rules that need nothing but the event."""
        rules = self.runtime.county.rules_for(event.township)
        for intent in immediate(event, rules):
            await carry_out(self.runtime, event.township, intent, caused_by(event))

    async def then(self, event: RecordedEvent) -> None:
        """The case's watch, and the rules that read it."""
        outcome = await self.writer.apply(event)
        await follow_up(self.runtime, event, outcome, self.runtime.county.rules_for(event.township),
                        caused_by(event))


async def _in_order(events: list[RecordedEvent], step: Callable[[RecordedEvent], Awaitable[None]]) -> None:
    for event in events:
        await step(event)


def caused_by(event: RecordedEvent) -> dict[str, Any]:
    """The metadata of what the alert rules record: the event that caused it, under its correlation id."""
    return {"actor": ACTOR, "roles": [], "causation_id": event.event_id,
            "correlation_id": event.metadata.get("correlation_id") or event.event_id}


async def carry_out(runtime: Runtime, township: str, intent: Intent, metadata: dict[str, Any]) -> None:
    if isinstance(intent, Raise):
        await raise_alert(runtime, township, intent, metadata, look_first=False)
    else:
        await resolve_for_case(runtime, township, intent.case_id, intent.rules, intent.reason, metadata)


async def follow_up(runtime: Runtime, event: RecordedEvent, outcome: Outcome, rules: Rules,
                    metadata: dict[str, Any]) -> None:
    """The rules that read what the watch writer keeps."""
    if outcome.watch is not None and outcome.moved:  # the timer reconciles too, should this step be cut short
        await reconcile(runtime, outcome.watch, metadata)
    for cases in outcome.petitioners:
        # every case of the person, not only this one: petitions may be consumed out of order
        for case_id, day in cases.items():
            count = petitions_in_window(cases, day, rules)
            if count >= rules.repeat_petition_count:
                village = event.data.get("village") if case_id == event.stream_id else None
                spec = repeat_alert(event.township, case_id, village, count, rules)
                await raise_alert(runtime, event.township, spec, metadata)
    if event.type == mc.ScreeningReported.type:
        await screening_arrived(runtime, event.township, event.data["village"], event.data["month"], metadata)
