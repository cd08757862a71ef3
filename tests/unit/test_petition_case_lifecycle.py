"""Petition lifecycle: handling and its one extension, the written reply, satisfaction, 复查 and 复核 windows, closing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from fazhi.errors import InvalidInput, RuleViolation
from fazhi.workdays import WorkCalendar
from services.petition import contract as c
from services.petition.contract import CaseStatus as S
from services.petition.domain import Periods, PetitionCase

PERIODS = Periods(WorkCalendar())
ACCEPTED_ON = date(2025, 1, 2)
REPLIED_ON = date(2025, 3, 3)  # its 30th day, 2 April, is a working day
PERSON = c.Person(name="张三", id_number="411422198001010010")


def accepted() -> PetitionCase:
    case = PetitionCase("case-1", "houtai")
    case.fold(case.register(
        channel=c.Channel.VISIT, petitioners=[PERSON], representatives=[], group_size=None, subject="宅基地",
        claims=["确权"], matter=None, bypassed_level=False, village=None, earlier=[], person_key=b"k" * 32,
        periods=PERIODS, now=datetime(2025, 1, 2, 2, tzinfo=UTC), today=ACCEPTED_ON))
    return case.fold(case.accept(rechecked=[], periods=PERIODS, today=ACCEPTED_ON))


def replied(on: date = REPLIED_ON) -> PetitionCase:
    case = accepted()
    return case.fold(case.reply(finding=c.Finding.EXPLAINED, content="答复意见", replied_on=on, periods=PERIODS,
                                today=on))


def reviewed(on: date = date(2025, 4, 10)) -> PetitionCase:
    case = replied()
    case.fold(case.request_review(organ="县信访局", requested_on=date(2025, 3, 20), periods=PERIODS, today=on))
    return case.fold(case.decide_review(decision=c.Decision.UPHELD, content="维持", decided_on=on, periods=PERIODS,
                                        today=on))


def extend(case: PetitionCase, days: int = 30, today: date = date(2025, 2, 20)) -> list:
    return case.extend(days=days, reason="需要实地调查", approved_by="王乡长", periods=PERIODS, today=today)


def test_handling_steps_are_recorded_while_the_sixty_days_run():
    case = accepted()
    case.fold(case.record_handling(step=c.HandlingStep.INVESTIGATION, note="走访", done_on=date(2025, 1, 5),
                                   today=date(2025, 1, 6)))
    assert (case.status, case.due_on) == (S.HANDLING, date(2025, 3, 3))


def test_a_handling_step_cannot_be_dated_in_the_future_or_before_acceptance():
    case = accepted()
    for day in (date(2025, 1, 7), date(2025, 1, 1)):
        with pytest.raises(InvalidInput) as refused:
            case.record_handling(step=c.HandlingStep.HEARING, note="听证", done_on=day, today=date(2025, 1, 6))
        assert refused.value.field == "done_on"


def test_handling_is_extended_once_by_at_most_thirty_days_counted_from_acceptance():
    case = accepted()
    [event] = extend(case)
    assert (event.days, event.approved_by, event.handling_due_on) == (30, "王乡长", date(2025, 4, 2))
    case.fold([event])
    with pytest.raises(RuleViolation) as second:
        extend(case, days=5)
    assert second.value.field == "extension" and "only once" in second.value.reason


def test_an_extension_longer_than_thirty_days_is_refused():
    with pytest.raises(InvalidInput) as refused:
        extend(accepted(), days=31)
    assert refused.value.field == "days"


def test_an_extension_is_granted_before_the_handling_period_ends():
    with pytest.raises(RuleViolation) as refused:
        extend(accepted(), today=date(2025, 3, 4))
    assert "ended on 2025-03-03" in refused.value.reason


def test_the_written_reply_opens_thirty_days_for_a_review_and_notes_a_late_reply():
    case = replied()
    assert (case.status, case.written_reply.review_request_by, case.written_reply.late, case.due_on) == (
        S.REPLIED, date(2025, 4, 2), False, None)
    late = accepted()
    [event] = late.reply(finding=c.Finding.SUPPORTED, content="支持", replied_on=date(2025, 3, 4), periods=PERIODS,
                         today=date(2025, 3, 4))
    assert event.late is True


def test_a_review_request_on_day_thirty_is_accepted_and_its_opinion_is_due_thirty_days_later():
    case = replied()
    [event] = case.request_review(organ="县信访局", requested_on=date(2025, 4, 2), periods=PERIODS,
                                  today=date(2025, 4, 2))
    case.fold([event])
    assert (case.status, case.due_on) == (S.REVIEW_REQUESTED, date(2025, 5, 6))  # day 30 is 2 May, a holiday


def test_a_review_request_on_day_thirty_one_is_refused_with_the_reason():
    with pytest.raises(RuleViolation) as refused:
        replied().request_review(organ="县信访局", requested_on=date(2025, 4, 3), periods=PERIODS,
                                 today=date(2025, 4, 3))
    reason = refused.value.reason
    assert refused.value.field == "requested_on"
    assert "within 30 days" in reason and "2025-04-02" in reason and "day 31" in reason and "Art. 35" in reason


def test_a_review_window_ending_in_a_holiday_runs_to_the_next_working_day():
    case = replied(on=date(2025, 4, 1))  # day 30 is 1 May
    [event] = case.request_review(organ="县信访局", requested_on=date(2025, 5, 6), periods=PERIODS,
                                  today=date(2025, 5, 6))
    assert event.requested_on == date(2025, 5, 6)


def test_the_review_opinion_opens_thirty_days_for_a_recheck_and_day_thirty_one_is_refused():
    case = reviewed(on=date(2025, 4, 10))
    assert (case.status, case.reviewed.recheck_request_by, case.reviewed.late) == (S.REVIEWED, date(2025, 5, 12), False)
    with pytest.raises(RuleViolation) as refused:
        case.request_recheck(organ="市信访局", requested_on=date(2025, 5, 13), periods=PERIODS, today=date(2025, 5, 13))
    assert "Art. 36" in refused.value.reason


def test_a_review_opinion_after_its_period_is_recorded_as_late():
    case = replied()
    case.fold(case.request_review(organ="县信访局", requested_on=date(2025, 3, 20), periods=PERIODS,
                                  today=date(2025, 3, 20)))
    assert case.due_on == date(2025, 4, 21)  # day 30 is Saturday 19 April
    on_time, late = (case.decide_review(decision=c.Decision.CHANGED, content="变更", decided_on=day, periods=PERIODS,
                                        today=day)[0] for day in (date(2025, 4, 21), date(2025, 4, 22)))
    assert (on_time.late, late.late) == (False, True)


def test_the_recheck_opinion_is_final_and_closes_the_case():
    case = reviewed()
    case.fold(case.request_recheck(organ="市信访局", requested_on=date(2025, 4, 15), periods=PERIODS,
                                   today=date(2025, 4, 15)))
    assert case.due_on == date(2025, 5, 15)
    case.fold(case.decide_recheck(decision=c.Decision.UPHELD, content="维持", decided_on=date(2025, 5, 10),
                                  today=date(2025, 5, 10)))
    assert (case.status, case.is_open, case.due_on) == (S.RECHECKED, False, None)
    with pytest.raises(RuleViolation):
        case.request_recheck(organ="市信访局", requested_on=date(2025, 5, 11), periods=PERIODS, today=date(2025, 5, 11))


def test_satisfaction_is_recorded_once_for_each_answer():
    case = replied()
    case.fold(case.record_satisfaction(satisfaction=c.Satisfaction.UNSATISFIED, today=date(2025, 3, 5)))
    with pytest.raises(RuleViolation):
        case.record_satisfaction(satisfaction=c.Satisfaction.SATISFIED, today=date(2025, 3, 6))
    with pytest.raises(RuleViolation) as too_early:
        accepted().record_satisfaction(satisfaction=c.Satisfaction.SATISFIED, today=date(2025, 3, 6))
    assert too_early.value.field == "status"


def test_a_reply_is_closed_once_the_petitioner_is_content_or_the_review_window_has_passed():
    waiting = replied()
    with pytest.raises(RuleViolation) as refused:
        waiting.close(today=date(2025, 4, 2))
    assert "until 2025-04-02" in refused.value.reason
    waiting.fold(waiting.close(today=date(2025, 4, 3)))
    content = replied()
    content.fold(content.record_satisfaction(satisfaction=c.Satisfaction.BASICALLY, today=date(2025, 3, 5)))
    content.fold(content.close(today=date(2025, 3, 5)))
    assert (waiting.status, content.status, content.is_open) == (S.CLOSED, S.CLOSED, False)


def test_a_referred_case_is_closed_once_mediation_has_opened_its_dispute():
    case = accepted()
    case.fold(case.refer(category=c.MediationCategory.LAND_HOMESTEAD, summary=None, reason="民事纠纷",
                         today=ACCEPTED_ON))
    assert case.due_on is None
    with pytest.raises(RuleViolation):
        case.close(today=ACCEPTED_ON)
    case.fold(case.link_dispute(dispute_id="d-1", today=ACCEPTED_ON))
    case.fold(case.close(today=ACCEPTED_ON))
    assert case.status is S.CLOSED


def test_commands_out_of_order_are_refused_naming_the_status():
    case = accepted()
    for command in (lambda: case.request_review(organ="x", requested_on=ACCEPTED_ON, periods=PERIODS,
                                                today=ACCEPTED_ON),
                    lambda: case.decide_recheck(decision=c.Decision.UPHELD, content="x", decided_on=ACCEPTED_ON,
                                                today=ACCEPTED_ON),
                    lambda: case.close(today=ACCEPTED_ON)):
        with pytest.raises(RuleViolation) as refused:
            command()
        assert refused.value.field == "status" and "accepted" in refused.value.reason
