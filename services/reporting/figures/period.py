"""The year a figure covers, and the small arithmetic every figure shares."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Period:
    """A calendar year, read on `today` (figures about what is open or overdue are as of that day)."""

    year: int
    today: date

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    def holds(self, day: str | None) -> bool:
        """Whether an ISO date (or datetime) falls in the year."""
        return day is not None and day[:4] == str(self.year)

    def before(self, day: str | None) -> bool:
        """Whether an ISO date falls before the year began."""
        return day is not None and day[:10] < self.start.isoformat()

    def by_end(self, day: str | None) -> bool:
        """Whether an ISO date falls on or before the year's last day."""
        return day is not None and day[:10] <= self.end.isoformat()


def share(part: int, whole: int) -> float | None:
    """A percentage with one decimal; None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


def count(rows: Iterable[dict[str, Any]], keep: Callable[[dict[str, Any]], bool]) -> int:
    return sum(1 for row in rows if keep(row))


def tally(values: Iterable[Any], keys: Iterable[str] = ()) -> dict[str, int]:
    """How often each value occurs, listing `keys` even when they do not occur."""
    counted = Counter(v for v in values if v is not None)
    return {**{str(k): 0 for k in keys}, **{str(k): n for k, n in sorted(counted.items())}}
