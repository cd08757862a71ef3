"""The statutory periods of the petition desk, counted on the county calendar.

Calendar days, the day of the act not counted, a last day on a rest day rolled forward
to the next working day (民法典 Art. 203). Months end on the same day of the month N
months later, or that month's last day when it has no such day (民法典 Art. 202).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fazhi.workdays import WorkCalendar

ACCEPTANCE_DAYS = 15  # XF Arts. 22–23
HANDLING_DAYS = 60  # XF Art. 34
MAX_EXTENSION_DAYS = 30  # XF Art. 34
REQUEST_DAYS = 30  # 复查 / 复核 request windows, XF Arts. 35–36
DECISION_DAYS = 30  # 复查 / 复核 opinions, XF Arts. 35–36
ANSWER_MONTHS = 3  # deputies' suggestions, DB Art. 51
COMPLEX_ANSWER_MONTHS = 6


@dataclass(frozen=True)
class Periods:
    """Deadlines on one county calendar; the domain's only source of dates to come."""

    calendar: WorkCalendar

    def days_after(self, start: date, days: int) -> date:
        """The last day of a `days`-calendar-day period starting after `start`."""
        return self.calendar.add_days(start, days).on

    def months_after(self, start: date, months: int) -> date:
        """The last day of a `months`-month period from `start`, off rest days."""
        return self.calendar.add_months(start, months).on

    def acceptance_by(self, registered_on: date) -> date:
        return self.days_after(registered_on, ACCEPTANCE_DAYS)

    def handling_by(self, accepted_on: date, extension_days: int = 0) -> date:
        """60 days from acceptance, plus an approved extension counted in the same period."""
        return self.days_after(accepted_on, HANDLING_DAYS + extension_days)

    def request_by(self, answered_on: date) -> date:
        """Last day to ask for 复查 after a reply, or for 复核 after a 复查 opinion."""
        return self.days_after(answered_on, REQUEST_DAYS)

    def decision_by(self, requested_on: date) -> date:
        return self.days_after(requested_on, DECISION_DAYS)

    def answer_by(self, assigned_on: date, complex: bool) -> date:
        """A suggestion's answer: 3 months from assignment, 6 for a complex one."""
        return self.months_after(assigned_on, answer_months(complex))


def answer_months(complex: bool) -> int:
    return COMPLEX_ANSWER_MONTHS if complex else ANSWER_MONTHS
