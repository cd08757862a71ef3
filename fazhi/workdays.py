"""Working-day and calendar-day deadlines under China's official holiday notices.

The State Council publishes each year's holidays and make-up working days (调休);
`chinese_calendar` carries the notices it knows, the county may supply the rest.
For a year nobody knows, days are counted Monday–Friday and the deadline is marked
provisional: a deadline is never refused for want of a calendar.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar
from pydantic import BaseModel, ConfigDict, model_validator

_ONE_DAY = timedelta(days=1)


class YearOverride(BaseModel):
    """One year's holiday notice as the county supplies it.

    It replaces the package's knowledge of that year: Monday–Friday, minus
    `holidays` (rest days that would otherwise be working days), plus `workdays`
    (weekend days that become working days, 调休).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    holidays: list[date] = []
    workdays: list[date] = []

    @model_validator(mode="after")
    def _no_day_is_both(self) -> YearOverride:
        both = sorted(set(self.holidays) & set(self.workdays))
        if both:
            raise ValueError(f"{both[0].isoformat()} is listed both as a holiday and as a working day")
        return self

    def stray_dates(self, year: int) -> list[date]:
        """Dates listed under `year` that lie in another year (a typo in the notice)."""
        return sorted(d for d in (*self.holidays, *self.workdays) if d.year != year)


@dataclass(frozen=True)
class Deadline:
    """The last day of a period; `provisional` when part of it was counted Monday–Friday only."""

    on: date
    provisional: bool


@lru_cache(maxsize=None)
def _package_knows(year: int) -> bool:
    # chinese_calendar signals a year outside its data by raising NotImplementedError.
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _as_date(d: date) -> date:
    # A datetime never equals a date, so override lookups would silently miss it.
    return d.date() if isinstance(d, datetime) else d


class WorkCalendar:
    """Answers "is this a working day?" and computes statutory deadlines."""

    def __init__(self, overrides: Mapping[int, YearOverride] | None = None) -> None:
        self._overrides: dict[int, tuple[frozenset[date], frozenset[date]]] = {}
        for year, override in (overrides or {}).items():
            stray = override.stray_dates(year)
            if stray:
                raise ValueError(f"holiday override for {year} lists {stray[0].isoformat()}, which is not in {year}")
            self._overrides[year] = (frozenset(override.holidays), frozenset(override.workdays))

    def knows(self, year: int) -> bool:
        """Whether the official notice for `year` is known (county override or package)."""
        return year in self._overrides or _package_knows(year)

    def is_workday(self, d: date) -> bool:
        """Whether `d` is a working day; an unknown year counts Monday–Friday."""
        d = _as_date(d)
        if d.year in self._overrides:
            holidays, workdays = self._overrides[d.year]
            return d in workdays or (d.weekday() < 5 and d not in holidays)
        if _package_knows(d.year):
            return chinese_calendar.is_workday(d)
        return d.weekday() < 5

    def add_workdays(self, start: date, n: int) -> Deadline:
        """The n-th working day after `start` (the day of the act itself is not counted)."""
        start = _as_date(start)
        _require_non_negative(n)
        day, counted = start, 0
        while counted < n:
            day += _ONE_DAY
            counted += self.is_workday(day)
        return Deadline(day, self._provisional(start, day))

    def add_days(self, start: date, n: int) -> Deadline:
        """The end of an n-calendar-day period from `start`.

        A period whose last day is a rest day ends on the next working day
        (民法典 Art. 203). A zero-length period has no last day and returns `start`.
        """
        start = _as_date(start)
        _require_non_negative(n)
        if n == 0:
            return Deadline(start, False)
        day = start + timedelta(days=n)
        while not self.is_workday(day):
            day += _ONE_DAY
        return Deadline(day, self._provisional(start, day))

    def add_months(self, start: date, n: int) -> Deadline:
        """The end of an n-month period from `start`: the same day n months later, or that month's
        last day when it has none (民法典 Art. 202), a rest day rolled to the next working day."""
        start = _as_date(start)
        _require_non_negative(n)
        index = start.month - 1 + n
        year, month = start.year + index // 12, index % 12 + 1
        day = date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
        while not self.is_workday(day):
            day += _ONE_DAY
        return Deadline(day, self._provisional(start, day))

    def count(self, start: date, n: int, unit: str) -> Deadline:
        """A period counted in `unit`: "days" (calendar days), "workdays" or "months"."""
        counters = {"days": self.add_days, "workdays": self.add_workdays, "months": self.add_months}
        return counters[unit](start, n)

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when `end` is not after `start`."""
        start, end = _as_date(start), _as_date(end)
        count, day = 0, start + _ONE_DAY
        while day <= end:
            count += self.is_workday(day)
            day += _ONE_DAY
        return count

    def _provisional(self, start: date, end: date) -> bool:
        # The counted span is (start, end]; any unknown year in it makes the result provisional.
        if end <= start:
            return False
        first = start + _ONE_DAY
        return any(not self.knows(year) for year in range(first.year, end.year + 1))


def _require_non_negative(n: int) -> None:
    if n < 0:
        raise ValueError(f"a period cannot be negative (got {n} days)")
