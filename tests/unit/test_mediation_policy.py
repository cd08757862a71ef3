"""The county's major-dispute rules and the mediation deadlines (no I/O)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fazhi.county import RiskFlag, Rules
from fazhi.workdays import WorkCalendar
from services.mediation.contract import Severity
from services.mediation.domain import Policy

POLICY = Policy(Rules(), WorkCalendar())


def test_a_small_dispute_without_flags_is_normal_with_no_reasons():
    result = POLICY.classify(4, Decimal("99999.99"), [])
    assert (result.severity, result.reasons) == (Severity.NORMAL, ())


def test_five_people_involved_make_a_dispute_major():
    assert POLICY.classify(5, None, []).reasons == ("people_involved",)


def test_an_amount_of_one_hundred_thousand_yuan_makes_a_dispute_major():
    assert POLICY.classify(1, Decimal(100000), []).reasons == ("amount",)


def test_every_county_risk_flag_makes_a_dispute_major_and_is_named():
    result = POLICY.classify(1, None, [RiskFlag.BYPASS_RISK, RiskFlag.MASS, RiskFlag.CRIMINAL_RISK])
    assert result.severity is Severity.MAJOR
    assert result.reasons == ("mass", "criminal_risk", "bypass_risk")


def test_reasons_accumulate_in_a_stable_order():
    assert POLICY.classify(9, Decimal(200000), [RiskFlag.MASS]).reasons == ("people_involved", "amount", "mass")


def test_a_township_override_changes_the_thresholds():
    lower = Policy(Rules(major_dispute_amount=Decimal(50000), major_dispute_people=3), WorkCalendar())
    assert lower.classify(3, Decimal(50000), []).reasons == ("people_involved", "amount")


def test_a_flag_the_county_does_not_list_does_not_make_a_dispute_major():
    only_mass = Policy(Rules(major_dispute_flags=[RiskFlag.MASS]), WorkCalendar())
    assert only_mass.classify(1, None, [RiskFlag.BYPASS_RISK]).severity is Severity.NORMAL


def test_time_to_conclude_is_thirty_calendar_days_when_the_last_day_is_a_working_day():
    assert POLICY.conclude_by(date(2026, 3, 2)) == date(2026, 4, 1)


def test_time_to_conclude_ending_on_a_weekend_rolls_to_the_next_working_day():
    assert POLICY.conclude_by(date(2026, 2, 5)) == date(2026, 3, 9)  # 7 March is a Saturday


def test_confirmation_window_ending_in_a_holiday_rolls_past_it():
    assert POLICY.confirmation_by(date(2026, 3, 6)) == date(2026, 4, 7)  # 5 April falls in 清明 (4–6 April)


def test_county_settings_set_the_periods():
    short = Policy(Rules(mediation_conclude_days=15, judicial_confirmation_days=10), WorkCalendar())
    assert short.conclude_by(date(2026, 3, 2)) == date(2026, 3, 17)
    assert short.confirmation_by(date(2026, 3, 2)) == date(2026, 3, 12)
