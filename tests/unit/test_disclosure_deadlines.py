"""Specification of the reply clock of a disclosure request (GIS Arts. 26, 30, 32, 33).

Holiday facts were checked against chinese_calendar 1.11.0: Spring Festival 2026 rests
02-15..02-23 with make-up Saturdays 02-14 and 02-28; National Day 2025 rests 10-01..10-08
with make-up days Sunday 09-28 and Saturday 10-11.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from fazhi.workdays import WorkCalendar, YearOverride
from services.disclosure import contract as c
from services.disclosure.domain.deadlines import ClockFacts, fixed_due_on, publication_due, reply_clock
from services.disclosure.domain.request import DisclosureRequest

CAL = WorkCalendar()
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def received(on: date, calendar: WorkCalendar = CAL) -> DisclosureRequest:
    request = DisclosureRequest("r1", "houtai")
    intake = {"channel": c.RequestChannel.IN_PERSON, "applicant_type": c.ApplicantType.NATURAL_PERSON,
              "org_type": None, "applicant": {"name": "张三"}, "information_sought": "x", "delivery": None,
              "received_on": on}
    return request.fold(request.receive(intake, calendar=calendar, today=on, now=NOW))


def clock(request: DisclosureRequest, today: date, calendar: WorkCalendar = CAL):
    return reply_clock(request.clock_facts, calendar, today)


def test_the_reply_is_due_20_working_days_after_receipt_across_spring_festival_2026():
    request = received(date(2026, 2, 10))
    assert request.intake.due_on == date(2026, 3, 16)
    assert clock(request, date(2026, 2, 10)).due_on == date(2026, 3, 16)


def test_the_reply_is_due_20_working_days_after_receipt_across_national_day_2025():
    assert clock(received(date(2025, 9, 26)), date(2025, 9, 26)).due_on == date(2025, 10, 30)


def test_an_extension_adds_20_working_days_to_the_due_date():
    request = received(date(2025, 9, 26))
    request.fold(request.extend("需调档", "leader-li", ["leader"], date(2025, 10, 20), calendar=CAL,
                                today=date(2025, 10, 20)))
    shown = clock(request, date(2025, 10, 20))
    assert (shown.due_on, shown.extended_due_on) == (date(2025, 10, 30), date(2025, 11, 27))
    assert request.extension.extended_due_on == date(2025, 11, 27)


def test_a_consultation_pauses_the_clock_by_the_working_days_it_took():
    request = received(date(2025, 9, 26))
    request.fold(request.consult({"name": "某公司", "phone": None}, date(2025, 9, 29), calendar=CAL,
                                 today=date(2025, 9, 29)))
    # consulted 09-29, answered 10-10: working days 09-30, 10-09, 10-10 are not counted
    request.fold(request.consultation_answered(c.ConsultationOpinion.OBJECTS, date(2025, 10, 10), calendar=CAL,
                                               today=date(2025, 10, 10)))
    shown = clock(request, date(2025, 10, 10))
    assert shown.paused_workdays == 3
    assert shown.due_on == CAL.add_workdays(date(2025, 9, 26), 23).on == request.consultations[0].answer.due_on


def test_an_open_consultation_keeps_pushing_the_due_date_and_is_never_overdue():
    request = received(date(2026, 2, 10))
    request.fold(request.consult({"name": "某局", "phone": None, "organ": True}, date(2026, 2, 12), calendar=CAL,
                                 today=date(2026, 2, 12)))
    assert request.consultations[0].started.reply_by == CAL.add_workdays(date(2026, 2, 12), 15).on
    on_0225 = clock(request, date(2026, 2, 25))
    assert on_0225.paused_workdays == 4  # 02-13, 02-14 (make-up Saturday), 02-24, 02-25
    assert on_0225.due_on == CAL.add_workdays(date(2026, 2, 10), 24).on
    far_later = clock(request, date(2026, 6, 1))
    assert not far_later.overdue and far_later.due_on > date(2026, 6, 1)
    assert fixed_due_on(request.clock_facts, CAL) is None  # lists cannot call a paused clock overdue


def test_a_correction_stops_the_clock_and_its_arrival_restarts_it():
    request = received(date(2026, 1, 20))
    request.fold(request.ask_correction("请写明信息名称", date(2026, 2, 6), date(2026, 1, 22), calendar=CAL,
                                        today=date(2026, 1, 22)))
    waiting = clock(request, date(2026, 3, 30))
    assert (waiting.due_on, waiting.overdue) == (None, False)
    request.fold(request.receive_correction(date(2026, 2, 12), calendar=CAL, today=date(2026, 2, 12)))
    assert clock(request, date(2026, 2, 12)).due_on == CAL.add_workdays(date(2026, 2, 12), 20).on \
        == date(2026, 3, 18)


def test_a_request_past_its_due_date_is_overdue_until_answered():
    request = received(date(2025, 9, 26))
    assert not clock(request, date(2025, 10, 30)).overdue
    assert clock(request, date(2025, 10, 31)).overdue
    assert fixed_due_on(request.clock_facts, CAL) == date(2025, 10, 30)
    request.fold(request.answer(c.Outcome.GRANTED, None, date(2025, 10, 31), calendar=CAL, today=date(2025, 10, 31)))
    assert not clock(request, date(2026, 1, 1)).overdue
    assert request.conclusion.on_time is False


def test_a_period_reaching_into_2027_is_provisional_and_never_fails():
    request = received(date(2026, 12, 15))
    shown = clock(request, date(2026, 12, 15))
    assert (shown.due_on, shown.provisional) == (date(2027, 1, 12), True)
    request.fold(request.extend("x", "leader", ["leader"], date(2026, 12, 16), calendar=CAL, today=date(2026, 12, 16)))
    assert clock(request, date(2026, 12, 16)).provisional


def test_a_request_received_in_2027_counts_monday_to_friday_provisionally():
    shown = clock(received(date(2027, 3, 1)), date(2027, 3, 1))
    assert (shown.due_on, shown.provisional) == (date(2027, 3, 29), True)


def test_a_county_supplied_2027_notice_makes_the_deadline_firm():
    county = WorkCalendar({2027: YearOverride(holidays=[date(2027, 1, 1)])})
    shown = clock(received(date(2026, 12, 15), county), date(2026, 12, 15), county)
    assert shown.provisional is False and shown.due_on == date(2027, 1, 13)


def test_a_period_wholly_in_2026_is_not_provisional():
    assert not clock(received(date(2026, 12, 1)), date(2026, 12, 1)).provisional


@pytest.mark.parametrize("facts", [ClockFacts(None), ClockFacts(date(2026, 2, 10), 3, date(2026, 3, 1), True, None),
                                   ClockFacts(date(2026, 2, 10), 0, None, False, date(2026, 3, 2))])
def test_clock_facts_survive_the_read_model_unchanged(facts):
    assert ClockFacts.from_json(facts.to_json()) == facts


def test_proactive_disclosure_is_due_20_working_days_after_the_information_is_formed():
    assert publication_due(date(2026, 2, 10), CAL) == (date(2026, 3, 16), False)
    assert publication_due(date(2026, 12, 15), CAL) == (date(2027, 1, 12), True)
