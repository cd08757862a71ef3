"""Reception days: a leader's or a joint "两代表一委员" reception, held, visitors and cases recorded, closed."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.errors import InvalidInput, RuleViolation
from services.petition import contract as c
from services.petition.contract import ReceptionStatus as S
from services.petition.domain import ReceptionDay

DAY = date(2025, 3, 10)
DEPUTY = c.Participant(name="赵代表", role=c.ParticipantRole.NPC_DEPUTY)


def scheduled(kind: c.ReceptionKind = c.ReceptionKind.LEADER) -> ReceptionDay:
    day = ReceptionDay("r-1", "houtai")
    participants = [DEPUTY] if kind is c.ReceptionKind.JOINT else []
    return day.fold(day.schedule(kind=kind, day=DAY, place="乡信访接待室", leader="王乡长", participants=participants,
                                 today=date(2025, 3, 1)))


def held() -> ReceptionDay:
    day = scheduled()
    return day.fold(day.hold(today=DAY))


def test_a_leaders_reception_names_the_leader_and_a_joint_one_its_deputies_and_members():
    for kind, changes, field in ((c.ReceptionKind.LEADER, {"leader": None}, "leader"),
                                 (c.ReceptionKind.JOINT, {"participants": []}, "participants")):
        args = {"kind": kind, "day": DAY, "place": "乡政府", "leader": "王乡长", "participants": [DEPUTY],
                "today": DAY, **changes}
        with pytest.raises(InvalidInput) as refused:
            ReceptionDay("r-1", "houtai").schedule(**args)
        assert refused.value.field == field
    assert scheduled(c.ReceptionKind.JOINT).scheduled.participants == [DEPUTY]


def test_a_reception_is_held_on_its_day_not_before():
    with pytest.raises(RuleViolation) as refused:
        scheduled().hold(today=date(2025, 3, 9))
    assert refused.value.field == "day"
    assert held().status is S.HELD


def test_visitors_add_up_and_the_cases_opened_there_are_linked_once():
    day = held()
    day.fold(day.record_visitors(visitors=5, case_ids=["case-1", "case-2"], today=DAY))
    day.fold(day.record_visitors(visitors=3, case_ids=["case-2", "case-3"], today=DAY))
    assert (day.visitors, day.case_ids) == (8, ["case-1", "case-2", "case-3"])
    assert day.record_visitors(visitors=0, case_ids=["case-1"], today=DAY) == []


def test_visitors_are_recorded_only_once_the_reception_is_held():
    with pytest.raises(RuleViolation) as refused:
        scheduled().record_visitors(visitors=2, case_ids=[], today=DAY)
    assert "hold the reception first" in refused.value.reason


def test_closing_records_the_summary_and_totals_and_ends_the_reception():
    day = held()
    day.fold(day.record_visitors(visitors=4, case_ids=["case-1"], today=DAY))
    [closed] = day.close(summary="接待4人，当场登记1件", today=DAY)
    assert (closed.visitors, closed.case_ids) == (4, ["case-1"])
    day.fold([closed])
    assert (day.status, day.is_open) == (S.CLOSED, False)
    with pytest.raises(RuleViolation):
        day.record_visitors(visitors=1, case_ids=[], today=DAY)


def test_only_a_reception_not_yet_held_is_cancelled():
    day = scheduled()
    day.fold(day.cancel(reason="乡长出差", today=date(2025, 3, 5)))
    assert day.status is S.CANCELLED
    with pytest.raises(RuleViolation):
        held().cancel(reason="too late", today=DAY)
