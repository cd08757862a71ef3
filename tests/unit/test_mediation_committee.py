"""Mediation committees: the statute's composition rule (TJ Arts. 8–9) and three-year terms (no I/O)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.errors import InvalidInput, RuleViolation
from services.mediation import contract as c
from services.mediation.domain import Committee
from services.mediation.domain.committee import term_end


def member(name: str, gender: c.Gender = c.Gender.MALE, position: c.Position = c.Position.MEMBER,
           kind: c.MediatorKind = c.MediatorKind.PART_TIME) -> c.Member:
    return c.Member(name=name, gender=gender, position=position, kind=kind)


CHAIR = member("王主任", position=c.Position.CHAIR, kind=c.MediatorKind.FULL_TIME)
WOMAN = member("赵女士", gender=c.Gender.FEMALE)
THREE = [CHAIR, WOMAN, member("钱委员")]


def register(members: list[c.Member] = THREE, **changes: object) -> Committee:
    k = Committee("k1", "houtai")
    fields = dict(level=c.Level.VILLAGE, village="v01", name="示范一村人民调解委员会", members=members,
                  term_start=date(2026, 1, 1))
    k.fold(k.register(**{**fields, **changes}))
    return k


def test_a_committee_of_three_with_a_woman_and_a_chair_is_registered_for_three_years():
    k = register()
    assert (k.level, k.village, len(k.members), k.term_end) == (c.Level.VILLAGE, "v01", 3, date(2028, 12, 31))


def test_nine_members_are_the_most_a_committee_has():
    nine = THREE + [member(f"委员{i}") for i in range(6)]
    assert len(register(nine).members) == 9
    with pytest.raises(InvalidInput) as refused:
        register(nine + [member("委员9")])
    assert (refused.value.field, refused.value.reason) == ("members", "a committee has 3 to 9 members, not 10")


def test_fewer_than_three_members_are_refused():
    with pytest.raises(InvalidInput) as refused:
        register([CHAIR, WOMAN])
    assert refused.value.field == "members"


def test_a_committee_without_a_woman_is_refused():
    with pytest.raises(InvalidInput) as refused:
        register([CHAIR, member("钱委员"), member("孙委员")])
    assert (refused.value.field, refused.value.reason) == ("members", "a committee must include at least one woman")


def test_a_committee_has_exactly_one_chair():
    with pytest.raises(InvalidInput, match="one chair, not 0"):
        register([WOMAN, member("钱委员"), member("孙委员")])
    with pytest.raises(InvalidInput, match="one chair, not 2"):
        register([CHAIR, WOMAN, member("孙主任", position=c.Position.CHAIR)])


def test_a_member_listed_twice_is_refused():
    with pytest.raises(InvalidInput, match="twice"):
        register([CHAIR, WOMAN, WOMAN])


def test_a_village_committee_names_its_village_and_a_township_committee_none():
    with pytest.raises(InvalidInput) as refused:
        register(village=None)
    assert refused.value.field == "village"
    with pytest.raises(InvalidInput):
        register(level=c.Level.TOWNSHIP, village="v01")
    assert register(level=c.Level.TOWNSHIP, village=None).village is None


def test_a_committee_is_registered_once():
    with pytest.raises(RuleViolation):
        register().register(level=c.Level.VILLAGE, village="v01", name="n", members=THREE, term_start=date(2026, 1, 1))


def test_members_change_within_the_term_under_the_same_rules():
    k = register()
    events = k.change_members(members=[*THREE, member("李专职", kind=c.MediatorKind.FULL_TIME)], today=date(2026, 6, 1))
    k.fold(events)
    assert len(k.members) == 4
    assert k.change_members(members=k.members, today=date(2026, 6, 1)) == []
    with pytest.raises(InvalidInput):
        k.change_members(members=[CHAIR, member("a"), member("b")], today=date(2026, 6, 1))


def test_a_renewed_term_starts_after_the_current_one_and_runs_three_years():
    k = register()
    with pytest.raises(InvalidInput) as refused:
        k.renew(term_start=date(2026, 1, 1), members=THREE)
    assert refused.value.field == "term_start"
    k.fold(k.renew(term_start=date(2029, 1, 1), members=THREE))
    assert (k.term_start, k.term_end, k.term_expired(date(2031, 12, 31)), k.term_expired(date(2032, 1, 1))) == \
        (date(2029, 1, 1), date(2031, 12, 31), False, True)


def test_a_term_from_the_29th_of_february_ends_on_the_27th():
    assert term_end(date(2024, 2, 29)) == date(2027, 2, 27)
