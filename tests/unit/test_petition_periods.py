"""Petition deadlines: calendar days, the act's day not counted, rest-day ends rolled forward; months too."""

from __future__ import annotations

from datetime import date

from fazhi.workdays import WorkCalendar, YearOverride
from services.petition.domain import Periods

periods = Periods(WorkCalendar())


def test_acceptance_is_due_fifteen_calendar_days_after_registration():
    assert periods.acceptance_by(date(2025, 3, 3)) == date(2025, 3, 18)


def test_a_period_ending_on_a_weekend_ends_on_the_next_working_day():
    assert periods.acceptance_by(date(2025, 3, 7)) == date(2025, 3, 24)  # day 15 is Saturday 22 March


def test_a_period_ending_in_the_national_day_holiday_ends_after_it():
    assert periods.acceptance_by(date(2025, 9, 16)) == date(2025, 10, 9)  # day 15 is 1 October


def test_a_period_ending_on_a_make_up_working_sunday_ends_that_day():
    assert periods.acceptance_by(date(2025, 4, 12)) == date(2025, 4, 27)  # 调休: Sunday 27 April is worked


def test_handling_runs_sixty_days_from_acceptance_and_an_extension_counts_in_the_same_period():
    assert periods.handling_by(date(2025, 3, 3)) == date(2025, 5, 6)  # day 60 is 2 May, in the May Day holiday
    assert periods.handling_by(date(2025, 3, 3), extension_days=30) == date(2025, 6, 3)  # day 90 is Sunday 1 June


def test_review_requests_and_opinions_have_thirty_days():
    assert periods.request_by(date(2025, 3, 3)) == date(2025, 4, 2)
    assert periods.decision_by(date(2025, 4, 1)) == date(2025, 5, 6)  # day 30 is 1 May


def test_a_suggestion_is_answered_within_three_months_or_six_when_complex():
    assert periods.answer_by(date(2025, 3, 3), complex=False) == date(2025, 6, 3)
    assert periods.answer_by(date(2025, 3, 3), complex=True) == date(2025, 9, 3)


def test_a_month_without_the_same_day_ends_on_its_last_day_then_off_rest_days():
    assert periods.months_after(date(2025, 11, 30), 3) == date(2026, 2, 28)  # a Saturday worked under 调休
    assert periods.months_after(date(2024, 8, 31), 6) == date(2025, 2, 28)


def test_month_periods_cross_the_year_and_roll_off_holidays():
    assert periods.months_after(date(2024, 10, 1), 3) == date(2025, 1, 2)  # 1 January is a holiday


def test_a_year_the_calendar_does_not_know_counts_monday_to_friday_without_failing():
    county = Periods(WorkCalendar({2030: YearOverride(holidays=[date(2030, 1, 1)])}))
    assert county.acceptance_by(date(2029, 12, 17)) == date(2030, 1, 2)
