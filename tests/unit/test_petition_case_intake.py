"""Petition intake: who brings a petition, repeat linking, the acceptance decision, referral to mediation."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest

from fazhi.errors import InvalidInput, RuleViolation
from fazhi.workdays import WorkCalendar
from services.petition import contract as c
from services.petition.domain import EarlierCase, Periods, PetitionCase
from services.petition.domain.repeats import keys_for, matter_key, normalise_matter, petitioner_key

PERIODS = Periods(WorkCalendar())
DAY = date(2025, 3, 3)  # a Monday
NOW = datetime(2025, 3, 3, 2, tzinfo=UTC)
IDS = ["411422198001010010", "41142219750505002X", "41142219900909003X", "411422196606060046",
       "411422198812120053", "411422197007070060"]
SECRET = b"k" * 32
OTHER_SECRET = b"o" * 32


def person(n: int = 0, name: str = "张三") -> c.Person:
    return c.Person(name=name, id_number=IDS[n], phone="13812345678")


def register(case_id: str = "case-1", **changes: object) -> list:
    args: dict[str, object] = {
        "channel": c.Channel.LETTER, "petitioners": [person()], "representatives": [], "group_size": None,
        "subject": "村道修路占地补偿", "claims": ["补偿占地款"], "matter": None, "bypassed_level": False,
        "village": "v01", "earlier": [], "person_key": SECRET, "periods": PERIODS, "now": NOW, "today": DAY, **changes}
    return PetitionCase(case_id, "houtai").register(**args)


def registered(**changes: object) -> PetitionCase:
    return PetitionCase("case-1", "houtai").fold(register(**changes))


def test_a_registered_petition_awaits_acceptance_within_fifteen_days():
    case = registered()
    assert (case.status, case.due_on, case.is_open) == (c.CaseStatus.REGISTERED, date(2025, 3, 18), True)
    event = register()[0]
    assert (event.group_size, event.group_visit, event.repeat_of, event.repeat_count) == (1, False, None, 0)


def test_a_group_visit_carries_its_size_representatives_and_bypass_for_alerts():
    reps = [person(n) for n in range(3)]
    event = register(channel=c.Channel.VISIT, petitioners=[], representatives=reps, group_size=40,
                     bypassed_level=True)[0]
    assert (event.group_visit, event.group_size, len(event.representatives), event.bypassed_level) == (
        True, 40, 3, True)
    assert len(event.petitioner_keys) == 3


def test_a_group_chooses_at_most_five_representatives():
    with pytest.raises(InvalidInput) as refused:
        register(channel=c.Channel.VISIT, representatives=[person(n) for n in range(6)], group_size=60)
    assert refused.value.field == "representatives"
    assert "at most 5" in refused.value.reason and "Art. 20" in refused.value.reason


def test_a_group_visit_without_representatives_is_refused():
    with pytest.raises(InvalidInput) as refused:
        register(channel=c.Channel.VISIT, petitioners=[person()], group_size=12)
    assert refused.value.field == "representatives"


def test_a_single_petitioner_has_no_representatives():
    with pytest.raises(InvalidInput) as refused:
        register(representatives=[person(1)], petitioners=[], group_size=1)
    assert refused.value.field == "representatives"


def test_the_group_size_counts_at_least_the_people_named():
    with pytest.raises(InvalidInput) as refused:
        register(petitioners=[person(0), person(1, "李四")], group_size=1)
    assert refused.value.field == "group_size"


@pytest.mark.parametrize(("changes", "field"), [
    ({"petitioners": []}, "petitioners"),
    ({"claims": ["  "]}, "claims"),
    ({"matter": "——！"}, "matter"),
])
def test_a_petition_names_someone_a_claim_and_a_matter(changes, field):
    with pytest.raises(InvalidInput) as refused:
        register(**changes)
    assert refused.value.field == field


def test_the_matter_is_compared_without_spaces_punctuation_width_or_case():
    assert normalise_matter(" 村道 修路，占地补偿！ ") == normalise_matter("村道修路占地补偿")
    assert normalise_matter("Ｒｏａｄ  Ｆｅｅ") == normalise_matter("road-fee")


def test_repeat_keys_are_hashes_that_never_contain_the_id_number():
    event = register()[0]
    assert event.matter_keys == [matter_key(SECRET, IDS[0], normalise_matter("村道修路占地补偿"))]
    assert all(IDS[0] not in key and len(key) == 64 for key in [*event.matter_keys, *event.petitioner_keys])


def test_the_same_person_on_the_same_matter_has_the_same_keys_under_one_secret():
    first = keys_for([person()], "村道修路占地补偿", SECRET)
    again = keys_for([person(name="张三丰")], " 村道 修路，占地补偿！ ", SECRET)  # the matter is normalised first
    assert (again.petitioner_keys, again.matter_keys) == (first.petitioner_keys, first.matter_keys)
    other_matter = keys_for([person()], "低保申请", SECRET)
    assert other_matter.petitioner_keys == first.petitioner_keys and other_matter.matter_keys != first.matter_keys


def test_another_secret_gives_other_keys_for_the_same_person_and_matter():
    ours, theirs = keys_for([person()], "村道修路占地补偿", SECRET), keys_for([person()], "村道修路占地补偿", OTHER_SECRET)
    assert set(ours.petitioner_keys).isdisjoint(theirs.petitioner_keys)
    assert set(ours.matter_keys).isdisjoint(theirs.matter_keys)


def test_a_key_cannot_be_recomputed_from_a_guessed_id_number_without_the_secret():
    matter = normalise_matter("村道修路占地补偿")
    plain = {hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
             for parts in [("petitioner", IDS[0]), ("matter", IDS[0], matter), (IDS[0],)]}
    assert plain.isdisjoint({petitioner_key(SECRET, IDS[0]), matter_key(SECRET, IDS[0], matter)})


def test_a_repeat_petition_links_to_the_latest_earlier_case_and_keeps_the_chain_oldest_first():
    earlier = [EarlierCase("case-b", NOW - timedelta(days=10)), EarlierCase("case-a", NOW - timedelta(days=40))]
    event = register(earlier=earlier)[0]
    assert (event.repeat_of, event.repeat_count, event.earlier_cases) == ("case-b", 2, ["case-a", "case-b"])


def test_a_retried_registration_does_not_link_to_itself():
    event = register(earlier=[EarlierCase("case-1", NOW)])[0]
    assert (event.repeat_of, event.repeat_count) == (None, 0)


def test_acceptance_starts_sixty_days_of_handling():
    case = registered()
    case.fold(case.accept(rechecked=[], periods=PERIODS, today=date(2025, 3, 10)))
    assert (case.status, case.due_on, case.decision.late) == (c.CaseStatus.ACCEPTED, date(2025, 5, 9), False)


def test_an_acceptance_decision_after_fifteen_days_is_recorded_as_late():
    case = registered()
    [event] = case.accept(rechecked=[], periods=PERIODS, today=date(2025, 3, 19))
    assert event.late is True


def test_the_same_claim_after_a_recheck_opinion_is_not_accepted_again():
    case = registered()
    concluded = [EarlierCase("case-0", NOW - timedelta(days=200), rechecked_on=date(2024, 12, 1))]
    with pytest.raises(RuleViolation) as refused:
        case.accept(rechecked=concluded, periods=PERIODS, today=DAY)
    assert "case-0" in refused.value.reason and "not accepted again" in refused.value.reason
    [declined] = case.decline(route=c.Route.CONCLUDED, reason="复核已终结", today=DAY)
    assert declined.route is c.Route.CONCLUDED


def test_declining_tells_the_route_and_transferring_names_the_organ():
    case = registered()
    with pytest.raises(InvalidInput) as no_route:
        case.decline(route=None, reason="应通过诉讼解决", today=DAY)
    with pytest.raises(InvalidInput) as no_organ:
        case.transfer(organ=" ", reason="not ours", today=DAY)
    assert (no_route.value.field, no_organ.value.field) == ("route", "organ")
    case.fold(case.transfer(organ="县自然资源局", reason="土地权属", today=DAY))
    assert (case.status, case.is_open, case.due_on) == (c.CaseStatus.TRANSFERRED, False, None)


def test_acceptance_is_decided_once():
    case = registered()
    case.fold(case.decline(route=c.Route.LITIGATION, reason="应通过诉讼解决", today=DAY))
    with pytest.raises(RuleViolation):
        case.accept(rechecked=[], periods=PERIODS, today=DAY)


def test_a_civil_dispute_is_referred_with_its_people_and_linked_to_the_dispute_once():
    case = registered(petitioners=[person(0), person(1, "李四")], group_size=3)
    [referred] = case.refer(category=c.MediationCategory.NEIGHBOURS, summary=None, reason="邻里纠纷", today=DAY)
    assert (referred.category, referred.summary, referred.people_involved, len(referred.parties)) == (
        "neighbours", "村道修路占地补偿", 3, 2)
    case.fold([referred])
    case.fold(case.link_dispute(dispute_id="d-1", today=DAY))
    assert case.link_dispute(dispute_id="d-1", today=DAY) == []
    with pytest.raises(RuleViolation):
        case.link_dispute(dispute_id="d-2", today=DAY)
    with pytest.raises(RuleViolation):
        case.refer(category=c.MediationCategory.OTHER, summary=None, reason="again", today=DAY)


def test_only_a_referred_case_is_linked_to_a_dispute():
    with pytest.raises(RuleViolation) as refused:
        registered().link_dispute(dispute_id="d-1", today=DAY)
    assert refused.value.field == "referral_case_id"
