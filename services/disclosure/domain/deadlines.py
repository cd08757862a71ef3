"""The reply clock of a request: due dates in working days, pauses, extension, overdue.

Pure arithmetic over a few facts (`ClockFacts`), the county calendar and the day asked
about; the facts are stored in the read model so a list shows the same clock as the case.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from fazhi.workdays import WorkCalendar

REPLY_WORKDAYS = 20  # GIS Art. 33
EXTENSION_WORKDAYS = 20  # GIS Art. 33
CORRECTION_WINDOW_WORKDAYS = 7  # GIS Art. 30
CONSULTATION_WORKDAYS = 15  # GIS Art. 32: the consulted party's time to answer
PROACTIVE_WORKDAYS = 20  # GIS Art. 26


@dataclass(frozen=True)
class ClockFacts:
    """What the reply clock depends on.

    `started_on` is None while a correction is awaited (the clock restarts when it comes);
    `paused_since` is the start of an open consultation; `stopped_on` the day it was concluded.
    """

    started_on: date | None
    paused_workdays: int = 0
    paused_since: date | None = None
    extended: bool = False
    stopped_on: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClockFacts:
        dates = ("started_on", "paused_since", "stopped_on")
        return cls(**{k: date.fromisoformat(v) if k in dates and v else v for k, v in data.items()})


@dataclass(frozen=True)
class ReplyClock:
    """The request's deadlines as of one day; dates are None while the clock waits for a correction."""

    due_on: date | None
    extended_due_on: date | None
    paused_workdays: int
    provisional: bool
    overdue: bool

    @property
    def effective_due_on(self) -> date | None:
        return self.extended_due_on or self.due_on


def reply_clock(facts: ClockFacts, calendar: WorkCalendar, today: date) -> ReplyClock:
    """Where the reply period stands on `today` (or stood on the day the request was concluded)."""
    if facts.started_on is None:
        return ReplyClock(None, None, 0, False, False)
    today = facts.stopped_on or today
    paused = facts.paused_workdays
    if facts.paused_since is not None:  # an open consultation pauses the clock up to today (GIS Art. 32)
        paused += calendar.workdays_between(facts.paused_since, today)
    due = calendar.add_workdays(facts.started_on, REPLY_WORKDAYS + paused)
    extended = calendar.add_workdays(due.on, EXTENSION_WORKDAYS) if facts.extended else None
    effective = extended or due
    running = facts.paused_since is None and facts.stopped_on is None
    provisional = due.provisional or (extended is not None and extended.provisional)
    return ReplyClock(due.on, extended.on if extended else None, paused, provisional,
                      running and today > effective.on)


def fixed_due_on(facts: ClockFacts, calendar: WorkCalendar) -> date | None:
    """The deadline of a running clock (what lists filter `overdue` on); None when it is not running."""
    if facts.started_on is None or facts.paused_since is not None or facts.stopped_on is not None:
        return None
    return reply_clock(facts, calendar, facts.started_on).effective_due_on


def correction_window_ends(received_on: date, calendar: WorkCalendar) -> date:
    """The last day a correction may be asked for: 7 working days after receipt (GIS Art. 30)."""
    return calendar.add_workdays(received_on, CORRECTION_WINDOW_WORKDAYS).on


def publication_due(formed_on: date, calendar: WorkCalendar) -> tuple[date, bool]:
    """(due date, provisional) for proactive disclosure: 20 working days after forming (GIS Art. 26)."""
    deadline = calendar.add_workdays(formed_on, PROACTIVE_WORKDAYS)
    return deadline.on, deadline.provisional
