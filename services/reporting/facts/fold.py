"""The shape every fold returns, and the helpers folds share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

Event = Mapping[str, Any]  # a slimmed event: `type`, `version`, `occurred_at` and its own fields
Step = Callable[[dict[str, Any], Event], None]


@dataclass(frozen=True)
class Folded:
    """A case's summary, and the columns its fact row is filtered and sorted on."""

    summary: dict[str, Any]
    status: str | None
    village: str | None = None
    category: str | None = None
    due_on: date | None = None
    is_open: bool = True
    created: str | None = None  # ISO datetime the case began; the row's `created_at`


def run(steps: Mapping[str, Step], start: dict[str, Any], events: Iterable[Event]) -> dict[str, Any]:
    """Apply each event's step in version order; an event type without a step changes nothing."""
    ordered = sorted(events, key=lambda e: e["version"])
    # The opening event's step overrides this with the case's own registration time.
    state = {**start, "created": ordered[0]["occurred_at"] if ordered else None}
    for event in ordered:
        step = steps.get(event["type"])
        if step is not None:
            step(state, event)
    return state


def as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
