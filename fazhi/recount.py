"""Deadlines counted again when they are read, on the calendar known then.

A deadline is written with the case, but the county's holiday notice for a later year
may come after: a read model keeps, beside each deadline, the period it counts
(`[start, length, unit]`), and `recount` counts it again and says which deadlines still
depend on a year without a notice (`provisional`). A deadline without a recorded period
keeps its day and is provisional when that day lies in such a year.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from fazhi.workdays import Deadline, WorkCalendar

PERIODS = "deadline_periods"  # the key of the periods in a case body; never shown


def period(start: date | None, length: int | None, unit: str = "days") -> list[Any] | None:
    """A period as a read model stores it; None when its start or length is not known."""
    return [start.isoformat(), length, unit] if start is not None and length is not None else None


def periods_json(periods: Mapping[str, list[Any] | None]) -> dict[str, list[Any]]:
    return {name: value for name, value in periods.items() if value is not None}


def recounted(data: dict[str, Any], calendar: WorkCalendar | None, names: tuple[str, ...],
              due: date | None) -> tuple[dict[str, Any], date | None]:
    """A read model's data with its deadlines counted on `calendar` (periods kept), and its `due` moved
    likewise: what a projection writes. Without a calendar, both unchanged."""
    if calendar is None:
        return data, due
    body = dict(data)
    moved, _ = recount(body, calendar, names)
    body[PERIODS] = data.get(PERIODS) or {}
    return body, (moved.get(due, due) if due is not None else None)


def recount(body: dict[str, Any], calendar: WorkCalendar, names: tuple[str, ...]) -> tuple[dict[str, date], list[str]]:
    """Count `body["deadlines"][name]` again for each name; returns (old day → new day, provisional names).

    `body` is changed in place: the periods are removed, the deadlines rewritten, and
    `deadlines.provisional` (the provisional names) and `provisional` (any) are set.
    """
    periods = body.pop(PERIODS, None) or {}
    deadlines = dict(body.get("deadlines") or {})
    moved: dict[date, date] = {}
    provisional: list[str] = []
    for name in names:
        stored = date.fromisoformat(deadlines[name]) if deadlines.get(name) else None
        if name in periods:
            start, length, unit = periods[name]
            deadline = calendar.count(date.fromisoformat(start), length, unit)
        elif stored is not None:
            deadline = Deadline(stored, not calendar.knows(stored.year))
        else:
            continue
        if stored is not None:
            moved[stored] = deadline.on
        deadlines[name] = deadline.on.isoformat()
        if deadline.provisional:
            provisional.append(name)
    deadlines["provisional"] = provisional
    body["deadlines"] = deadlines
    body["provisional"] = bool(provisional)
    if body.get("due_on"):
        due = date.fromisoformat(body["due_on"])
        body["due_on"] = moved.get(due, due).isoformat()
    return moved, provisional
