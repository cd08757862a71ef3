"""Deputies' suggestions and members' proposals: 3 months to answer (6 if complex), feedback, re-handling."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from fazhi.errors import RuleViolation
from fazhi.workdays import WorkCalendar
from services.petition import contract as c
from services.petition.contract import SuggestionStatus as S
from services.petition.domain import DeputySuggestion, Periods

PERIODS = Periods(WorkCalendar())
DAY = date(2025, 3, 3)


def assigned(complex: bool = False) -> DeputySuggestion:
    s = DeputySuggestion("s-1", "houtai")
    s.fold(s.receive(kind=c.SuggestionKind.DEPUTY_SUGGESTION, author="赵代表", title="修缮村道", content="建议",
                     now=datetime(2025, 3, 3, 2, tzinfo=UTC), today=DAY))
    return s.fold(s.assign(office="乡建设办", complex=complex, periods=PERIODS, today=DAY))


def answered(complex: bool = False) -> DeputySuggestion:
    s = assigned(complex)
    return s.fold(s.answer(answer="已列入计划", today=date(2025, 4, 1)))


def test_an_assigned_suggestion_is_answered_within_three_months():
    s = assigned()
    assert (s.status, s.due_on, s.assignment.months) == (S.ASSIGNED, date(2025, 6, 3), 3)


def test_a_complex_suggestion_marked_at_assignment_has_six_months():
    assert assigned(complex=True).due_on == date(2025, 9, 3)


def test_an_answer_after_the_deadline_is_recorded_as_late():
    [event] = assigned().answer(answer="答复", today=date(2025, 6, 4))
    assert (event.late, event.round) == (True, 1)


def test_satisfied_or_basically_satisfied_feedback_closes_the_suggestion():
    for feedback in (c.Satisfaction.SATISFIED, c.Satisfaction.BASICALLY):
        s = answered()
        s.fold(s.record_feedback(feedback=feedback, note="", today=date(2025, 4, 5)))
        assert (s.status, s.is_open, s.due_on) == (S.CLOSED, False, None)


def test_unsatisfied_feedback_leads_to_re_handling_with_a_new_answer_due():
    s = answered(complex=True)
    s.fold(s.record_feedback(feedback=c.Satisfaction.UNSATISFIED, note="未落实", today=date(2025, 4, 7)))
    assert (s.status, s.due_on) == (S.UNSATISFIED, None)
    [event] = s.rehandle(reason="代表不满意", periods=PERIODS, today=date(2025, 4, 8))
    assert (event.answer_due_on, event.round) == (date(2025, 10, 9), 2)  # 8 October is in the National Day holiday
    s.fold([event])
    s.fold(s.answer(answer="重新答复", today=date(2025, 5, 8)))
    assert (s.status, s.answers[-1].round) == (S.ANSWERED, 2)


def test_re_handling_needs_unsatisfied_feedback_and_feedback_needs_an_answer():
    with pytest.raises(RuleViolation):
        answered().rehandle(reason="x", periods=PERIODS, today=DAY)
    with pytest.raises(RuleViolation):
        assigned().record_feedback(feedback=c.Satisfaction.SATISFIED, note="", today=DAY)
    with pytest.raises(RuleViolation):
        assigned().assign(office="another", complex=False, periods=PERIODS, today=DAY)
