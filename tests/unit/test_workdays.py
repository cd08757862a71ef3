"""Specification of working-day and calendar-day deadlines (STATUTES.md "Working days").

Holiday facts below were checked against chinese_calendar 1.11.0 before being asserted.
"""

from datetime import date, datetime

import pytest
from pydantic import ValidationError

from fazhi.workdays import Deadline, WorkCalendar, YearOverride

CAL = WorkCalendar()


def test_twenty_working_days_after_2026_04_30_is_2026_06_01():
    assert CAL.add_workdays(date(2026, 4, 30), 20) == Deadline(date(2026, 6, 1), provisional=False)


def test_may_day_2026_rests_05_01_to_05_05_and_works_saturday_05_09():
    assert not any(CAL.is_workday(date(2026, 5, day)) for day in range(1, 6))
    assert CAL.is_workday(date(2026, 5, 9))  # Saturday make-up day (调休)
    assert not CAL.is_workday(date(2026, 5, 10))  # an ordinary Sunday


def test_spring_festival_2026_rests_02_15_to_02_23_with_make_up_saturdays_02_14_and_02_28():
    assert not any(CAL.is_workday(date(2026, 2, day)) for day in range(15, 24))
    assert CAL.is_workday(date(2026, 2, 14)) and CAL.is_workday(date(2026, 2, 28))
    assert CAL.add_workdays(date(2026, 2, 13), 1).on == date(2026, 2, 14)
    assert CAL.add_workdays(date(2026, 2, 14), 1).on == date(2026, 2, 24)


def test_a_period_crossing_national_day_2025_skips_10_01_to_10_08_and_counts_make_up_days():
    assert CAL.add_workdays(date(2025, 9, 26), 1).on == date(2025, 9, 28)  # Sunday make-up day
    assert CAL.add_workdays(date(2025, 9, 30), 1).on == date(2025, 10, 9)
    assert CAL.add_workdays(date(2025, 9, 30), 3).on == date(2025, 10, 11)  # Saturday make-up day


def test_workdays_between_counts_the_end_but_not_the_start():
    assert CAL.workdays_between(date(2025, 9, 30), date(2025, 10, 12)) == 3
    assert CAL.workdays_between(date(2026, 4, 30), date(2026, 6, 1)) == 20
    assert CAL.workdays_between(date(2026, 6, 1), date(2026, 6, 1)) == 0
    assert CAL.workdays_between(date(2026, 6, 2), date(2026, 6, 1)) == 0


@pytest.mark.parametrize("start", [date(2025, 9, 20), date(2026, 1, 30), date(2026, 12, 20)])
def test_workdays_between_undoes_add_workdays(start):
    for n in (0, 1, 7, 15, 20, 60):
        assert CAL.workdays_between(start, CAL.add_workdays(start, n).on) == n


def test_calendar_days_ending_on_a_holiday_roll_forward_to_the_next_working_day():
    assert CAL.add_days(date(2025, 9, 1), 30) == Deadline(date(2025, 10, 9), provisional=False)


def test_calendar_days_ending_on_a_weekend_rest_day_roll_forward():
    assert CAL.add_days(date(2026, 4, 10), 30).on == date(2026, 5, 11)  # 05-10 is a Sunday


def test_calendar_days_ending_on_a_make_up_saturday_do_not_roll():
    assert CAL.add_days(date(2026, 4, 9), 30).on == date(2026, 5, 9)


def test_calendar_days_ending_on_a_working_day_end_there():
    assert CAL.add_days(date(2026, 3, 2), 30).on == date(2026, 4, 1)


def test_zero_days_returns_the_start_for_both_kinds_of_period():
    holiday = date(2026, 5, 1)
    assert CAL.add_workdays(holiday, 0) == Deadline(holiday, provisional=False)
    assert CAL.add_days(holiday, 0) == Deadline(holiday, provisional=False)
    assert CAL.add_workdays(date(2027, 3, 6), 0).provisional is False  # nothing was counted


def test_a_negative_period_is_refused():
    with pytest.raises(ValueError, match="negative"):
        CAL.add_workdays(date(2026, 1, 5), -1)
    with pytest.raises(ValueError, match="negative"):
        CAL.add_days(date(2026, 1, 5), -1)


def test_the_package_knows_2026_but_not_2027():
    assert CAL.knows(2026) and not CAL.knows(2027)


def test_a_2027_period_without_override_counts_monday_to_friday_and_is_provisional():
    assert CAL.add_workdays(date(2027, 3, 5), 1) == Deadline(date(2027, 3, 8), provisional=True)
    assert CAL.add_days(date(2027, 3, 1), 5) == Deadline(date(2027, 3, 8), provisional=True)  # 03-06 is Saturday


def test_a_period_running_from_2026_into_2027_is_provisional():
    assert CAL.add_workdays(date(2026, 12, 28), 5).provisional is True
    assert CAL.add_workdays(date(2026, 12, 1), 5).provisional is False


def test_four_hundred_working_days_into_unknown_years_terminates():
    deadline = CAL.add_workdays(date(2026, 1, 1), 400)
    assert deadline.on.year == 2027 and deadline.provisional


def test_a_2027_override_makes_the_year_known_and_its_holidays_respected():
    cal = WorkCalendar({2027: YearOverride(holidays=[date(2027, 3, 8)], workdays=[date(2027, 3, 13)])})
    assert cal.knows(2027)
    assert cal.add_workdays(date(2027, 3, 5), 1) == Deadline(date(2027, 3, 9), provisional=False)
    assert cal.is_workday(date(2027, 3, 13))  # a Saturday made a working day


def test_an_override_replaces_what_the_package_knows_about_that_year():
    cal = WorkCalendar({2026: YearOverride()})
    assert cal.is_workday(date(2026, 5, 1))  # plain Friday once the package's notice is replaced
    assert not cal.is_workday(date(2026, 5, 9))


def test_datetimes_are_treated_as_their_date():
    cal = WorkCalendar({2027: YearOverride(holidays=[date(2027, 3, 8)])})
    assert not cal.is_workday(datetime(2027, 3, 8, 9, 30))
    assert CAL.add_workdays(datetime(2026, 4, 30, 17, 0), 20).on == date(2026, 6, 1)


def test_an_override_date_filed_under_another_year_is_refused():
    with pytest.raises(ValueError, match="2028-01-03"):
        WorkCalendar({2027: YearOverride(holidays=[date(2028, 1, 3)])})


def test_a_day_cannot_be_both_holiday_and_working_day():
    with pytest.raises(ValidationError, match="2027-02-13"):
        YearOverride(holidays=[date(2027, 2, 13)], workdays=[date(2027, 2, 13)])
