"""Specification of a disclosure request's commands: intake, correction, consultation, extension, answer."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from fazhi.errors import InvalidInput, RuleViolation
from fazhi.workdays import WorkCalendar
from services.disclosure import contract as c
from services.disclosure.domain.request import DisclosureRequest
from services.disclosure.domain.request_state import RequestStatus as S

CAL = WorkCalendar()
RECEIVED = date(2025, 9, 26)  # its 7th working day is 2025-10-13, its 20th 2025-10-30
NOW = datetime(2025, 9, 26, 2, tzinfo=timezone.utc)
O = c.Outcome


def intake(**changes) -> dict:
    return {"channel": c.RequestChannel.POST, "applicant_type": c.ApplicantType.LEGAL_PERSON,
            "org_type": c.OrgType.LEGAL_SERVICES_ORGANIZATION, "applicant": {"name": "某律师事务所"},
            "information_sought": "征收补偿方案", "delivery": "邮寄", "received_on": RECEIVED, **changes}


def received(**changes) -> DisclosureRequest:
    request = DisclosureRequest("r1", "houtai")
    return request.fold(request.receive(intake(**changes), calendar=CAL, today=RECEIVED, now=NOW))


def awaiting_correction(correct_by: date = date(2025, 10, 20)) -> DisclosureRequest:
    request = received()
    return request.fold(request.ask_correction("写明文号", correct_by, date(2025, 9, 29), calendar=CAL,
                                               today=date(2025, 9, 29)))


def answer(request: DisclosureRequest, outcome: O, on: date = date(2025, 10, 9)):
    return request.answer(outcome, "已答复", on, calendar=CAL, today=on)


def test_a_receipt_date_in_the_future_is_refused():
    request = DisclosureRequest("r1", "houtai")
    with pytest.raises(InvalidInput) as err:
        request.receive(intake(received_on=date(2025, 9, 27)), calendar=CAL, today=RECEIVED, now=NOW)
    assert err.value.field == "received_on"


@pytest.mark.parametrize("applicant_type, org_type", [
    (c.ApplicantType.LEGAL_PERSON, None), (c.ApplicantType.NATURAL_PERSON, c.OrgType.OTHER)])
def test_org_type_is_given_for_organizations_and_only_for_them(applicant_type, org_type):
    with pytest.raises(InvalidInput) as err:
        received(applicant_type=applicant_type, org_type=org_type)
    assert err.value.field == "org_type"


def test_the_received_event_carries_applicant_type_and_the_due_date_for_reporting():
    event = received().intake
    assert (event.applicant_type, event.org_type, event.due_on) == (
        c.ApplicantType.LEGAL_PERSON, c.OrgType.LEGAL_SERVICES_ORGANIZATION, date(2025, 10, 30))


def test_a_correction_can_be_asked_for_on_the_7th_working_day_after_receipt():
    request = received()
    request.fold(request.ask_correction("x", date(2025, 10, 20), date(2025, 10, 13), calendar=CAL,
                                        today=date(2025, 10, 13)))
    assert request.status is S.AWAITING_CORRECTION


def test_a_correction_asked_after_7_working_days_is_refused():
    with pytest.raises(RuleViolation, match="by 2025-10-13") as err:
        received().ask_correction("x", date(2025, 10, 30), date(2025, 10, 14), calendar=CAL, today=date(2025, 10, 14))
    assert err.value.field == "asked_on"


def test_a_correction_is_asked_for_once_only():
    request = awaiting_correction()
    request.fold(request.receive_correction(date(2025, 10, 9), calendar=CAL, today=date(2025, 10, 9)))
    with pytest.raises(RuleViolation, match="only once"):
        request.ask_correction("again", date(2025, 10, 20), date(2025, 10, 10), calendar=CAL, today=date(2025, 10, 10))


def test_the_applicant_needs_time_to_correct():
    with pytest.raises(InvalidInput) as err:
        received().ask_correction("x", date(2025, 9, 29), date(2025, 9, 29), calendar=CAL, today=date(2025, 9, 29))
    assert err.value.field == "correct_by"


def test_a_correction_cannot_arrive_before_it_was_asked_for():
    with pytest.raises(InvalidInput) as err:
        awaiting_correction().receive_correction(date(2025, 9, 28), calendar=CAL, today=date(2025, 10, 9))
    assert err.value.field == "received_on"


def test_an_application_is_closed_as_other_processing_only_after_the_correction_deadline():
    request = awaiting_correction(correct_by=date(2025, 10, 20))
    with pytest.raises(RuleViolation, match="until 2025-10-20"):
        request.abandon(date(2025, 10, 20), today=date(2025, 10, 20))
    [event] = request.abandon(date(2025, 10, 21), today=date(2025, 10, 21))
    assert isinstance(event, c.RequestAbandoned)
    assert (event.outcome, event.applicant_type, event.org_type, event.received_on, event.on_time) == (
        O.OTHER_NO_CORRECTION, c.ApplicantType.LEGAL_PERSON, c.OrgType.LEGAL_SERVICES_ORGANIZATION, RECEIVED, True)
    request.fold([event])
    assert request.status is S.ABANDONED


def test_only_an_application_awaiting_correction_can_be_abandoned():
    with pytest.raises(RuleViolation):
        received().abandon(date(2025, 10, 21), today=date(2025, 10, 21))


def test_an_answer_dated_before_receipt_is_refused_naming_answered_on():
    with pytest.raises(InvalidInput, match="receipt of the application") as err:
        answer(received(), O.GRANTED, on=date(2025, 9, 25))
    assert err.value.field == "answered_on"


def test_an_answer_waits_for_the_correction_and_for_the_consultation():
    with pytest.raises(RuleViolation, match="awaiting_correction"):
        answer(awaiting_correction(), O.GRANTED)
    request = received()
    request.fold(request.consult({"name": "第三方", "phone": "13812345678"}, date(2025, 9, 29), calendar=CAL,
                                 today=date(2025, 9, 29)))
    with pytest.raises(RuleViolation, match="consulting"):
        answer(request, O.GRANTED)


@pytest.mark.parametrize("outcome", [O.OTHER_NO_CORRECTION, O.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION,
                                     O.OTHER_FEE_UNPAID])
def test_outcomes_that_need_a_prior_step_are_refused_without_it(outcome):
    with pytest.raises(RuleViolation) as err:
        answer(received(), outcome)
    assert err.value.field == "outcome"


def test_unclear_after_correction_is_allowed_once_the_correction_came():
    request = awaiting_correction()
    request.fold(request.receive_correction(date(2025, 10, 9), calendar=CAL, today=date(2025, 10, 9)))
    [event] = answer(request, O.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION, on=date(2025, 10, 10))
    assert event.outcome is O.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION


def test_the_answered_event_carries_what_table_3_needs():
    [event] = answer(received(), O.PARTLY_GRANTED, on=date(2025, 10, 30))
    assert (event.outcome, event.applicant_type, event.org_type, event.received_on, event.answered_on,
            event.due_on, event.on_time, event.extended) == (
        O.PARTLY_GRANTED, c.ApplicantType.LEGAL_PERSON, c.OrgType.LEGAL_SERVICES_ORGANIZATION, RECEIVED,
        date(2025, 10, 30), date(2025, 10, 30), True, False)


def test_a_request_is_answered_once():
    request = received()
    request.fold(answer(request, O.GRANTED))
    with pytest.raises(RuleViolation):
        answer(request, O.GRANTED)


def test_the_reply_period_is_extended_once_and_the_approver_is_recorded():
    request = received()
    [event] = request.extend("需调取档案", "leader-li", ["leader"], date(2025, 10, 20), calendar=CAL,
                             today=date(2025, 10, 20))
    assert (event.approved_by, event.approver_roles, event.extended_due_on) == (
        "leader-li", ["leader"], date(2025, 11, 27))
    request.fold([event])
    with pytest.raises(RuleViolation, match="only once"):
        request.extend("again", "leader-li", ["leader"], date(2025, 10, 21), calendar=CAL, today=date(2025, 10, 21))
    [answered] = answer(request, O.GRANTED, on=date(2025, 11, 27))
    assert answered.on_time and answered.extended and answered.due_on == date(2025, 11, 27)


def test_an_extension_after_the_reply_period_ended_is_refused():
    with pytest.raises(RuleViolation, match="ended on 2025-10-30"):
        received().extend("late", "leader", ["leader"], date(2025, 10, 31), calendar=CAL, today=date(2025, 10, 31))


def test_a_consultation_after_the_reply_period_ended_is_refused():
    with pytest.raises(RuleViolation, match="ended on 2025-10-30"):
        received().consult({"name": "x", "phone": None}, date(2025, 10, 31), calendar=CAL, today=date(2025, 10, 31))


def test_a_correction_must_come_before_any_consultation():
    request = received()
    request.fold(request.consult({"name": "x", "phone": None}, date(2025, 9, 29), calendar=CAL, today=date(2025, 9, 29)))
    request.fold(request.consultation_answered(c.ConsultationOpinion.NO_REPLY, date(2025, 9, 30), calendar=CAL,
                                               today=date(2025, 9, 30)))
    with pytest.raises(RuleViolation, match="before any consultation"):
        request.ask_correction("x", date(2025, 10, 20), date(2025, 10, 9), calendar=CAL, today=date(2025, 10, 9))


def test_a_fee_is_recorded_once_and_makes_fee_unpaid_a_possible_outcome():
    request = received()
    request.fold(request.charge_fee(Decimal("100.00"), c.FeeBasis.PER_ITEM, "本月第12件", date(2025, 9, 29),
                                    today=date(2025, 9, 29)))
    assert request.fee.amount == Decimal("100.00")
    with pytest.raises(RuleViolation, match="already charged"):
        request.charge_fee(Decimal("10"), c.FeeBasis.PER_VOLUME, None, date(2025, 9, 30), today=date(2025, 9, 30))
    assert answer(request, O.OTHER_FEE_UNPAID)[0].outcome is O.OTHER_FEE_UNPAID


def test_acts_cannot_be_dated_before_the_last_recorded_step():
    request = received()
    request.fold(request.consult({"name": "x", "phone": None}, date(2025, 10, 9), calendar=CAL,
                                 today=date(2025, 10, 9)))
    with pytest.raises(InvalidInput) as err:
        request.consultation_answered(c.ConsultationOpinion.CONSENTS, date(2025, 9, 30), calendar=CAL,
                                      today=date(2025, 10, 9))
    assert err.value.field == "answered_on"


def test_a_lawsuit_after_a_decided_review_counts_as_after_review():
    request = received()
    request.fold(answer(request, O.REFUSED_THIRD_PARTY_RIGHTS))
    request.fold(request.record_review(date(2025, 11, 3), c.CaseResult.PENDING, today=date(2025, 11, 3)))
    with pytest.raises(RuleViolation, match="still pending"):
        request.record_lawsuit(date(2025, 11, 4), c.CaseResult.PENDING, today=date(2025, 11, 4))
    with pytest.raises(InvalidInput):
        request.decide_review(c.CaseResult.PENDING, date(2025, 12, 1), today=date(2025, 12, 1))
    request.fold(request.decide_review(c.CaseResult.MAINTAINED, date(2025, 12, 1), today=date(2025, 12, 1)))
    [lawsuit] = request.record_lawsuit(date(2025, 12, 10), c.CaseResult.PENDING, today=date(2025, 12, 10))
    assert lawsuit.after_review is True
    request.fold([lawsuit])
    request.fold(request.decide_lawsuit(c.CaseResult.CORRECTED, date(2026, 3, 1), today=date(2026, 3, 1)))
    assert (request.review.result, request.lawsuit.result) == (c.CaseResult.MAINTAINED, c.CaseResult.CORRECTED)


def test_a_direct_lawsuit_is_not_after_review_and_results_are_recorded_once():
    request = received()
    [lawsuit] = request.record_lawsuit(date(2025, 10, 9), c.CaseResult.OTHER, today=date(2025, 10, 9))
    assert lawsuit.after_review is False
    request.fold([lawsuit])
    with pytest.raises(RuleViolation):
        request.record_lawsuit(date(2025, 10, 10), c.CaseResult.PENDING, today=date(2025, 10, 10))
    with pytest.raises(RuleViolation, match="no pending lawsuit"):
        request.decide_lawsuit(c.CaseResult.MAINTAINED, date(2025, 10, 10), today=date(2025, 10, 10))
    with pytest.raises(RuleViolation, match="no pending administrative review"):
        request.decide_review(c.CaseResult.MAINTAINED, date(2025, 10, 10), today=date(2025, 10, 10))
