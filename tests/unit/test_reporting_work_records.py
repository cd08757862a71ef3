"""Reporting's own aggregates: publicity activities, trainings, legal-advisor engagements, narratives."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.errors import InvalidInput, RuleViolation
from services.reporting import contract as c
from services.reporting.domain import AdvisorEngagement, Narrative, PublicityActivity, Training

TODAY = date(2026, 6, 1)
FACTS = {"held_on": date(2026, 3, 5), "theme": c.Theme.CIVIL_CODE, "title": "《民法典》宣讲", "village": "v03",
         "participants": 120}


def recorded() -> PublicityActivity:
    activity = PublicityActivity("a1", "houtai")
    return activity.fold(activity.record(**FACTS, today=TODAY))


def test_a_publicity_activity_is_recorded_with_its_facts():
    activity = recorded()
    assert (activity.version, activity.participants, activity.village, activity.counts) == (1, 120, "v03", True)


def test_an_activity_cannot_be_recorded_for_a_day_after_today():
    with pytest.raises(InvalidInput) as refused:
        PublicityActivity("a1", "houtai").record(**{**FACTS, "held_on": date(2026, 6, 2)}, today=TODAY)
    assert refused.value.field == "held_on"


def test_an_activity_is_recorded_once():
    with pytest.raises(RuleViolation):
        recorded().record(**FACTS, today=TODAY)


def test_a_correction_replaces_the_facts_and_an_unchanged_one_records_nothing():
    activity = recorded()
    assert activity.correct(**FACTS, today=TODAY) == []
    [event] = activity.correct(**{**FACTS, "participants": 150, "village": None}, today=TODAY)
    activity.fold([event])
    assert (activity.participants, activity.village) == (150, None)


def test_a_withdrawn_activity_stops_counting_and_can_be_neither_corrected_nor_withdrawn_again():
    activity = recorded()
    activity.fold(activity.withdraw(reason="entered twice", today=TODAY))
    assert (activity.counts, activity.withdrawn_on) == (False, TODAY)
    for command in (lambda: activity.correct(**FACTS, today=TODAY),
                    lambda: activity.withdraw(reason="again", today=TODAY)):
        with pytest.raises(RuleViolation) as refused:
            command()
        assert refused.value.field == "status"


def test_a_training_is_recorded_corrected_and_withdrawn():
    training = Training("t1", "houtai")
    training.fold(training.record(held_on=date(2026, 5, 10), topic="行政处罚法", attendees=25, today=TODAY))
    training.fold(training.correct(held_on=date(2026, 5, 10), topic="行政处罚法", attendees=30, today=TODAY))
    assert (training.version, training.attendees) == (2, 30)
    training.fold(training.withdraw(reason="wrong township", today=TODAY))
    assert not training.counts
    with pytest.raises(RuleViolation):
        training.correct(held_on=date(2026, 5, 10), topic="x", attendees=1, today=TODAY)


ENGAGEMENT = {"law_firm": "某律师事务所", "advisor": "王律师", "advises_government": True, "villages": ["v02", "v01"],
              "contract_start": date(2026, 1, 1), "contract_end": date(2026, 12, 31)}


def engaged() -> AdvisorEngagement:
    engagement = AdvisorEngagement("e1", "houtai")
    return engagement.fold(engagement.engage(**ENGAGEMENT))


def test_an_engagement_lists_its_villages_in_order():
    assert engaged().villages == ["v01", "v02"]


@pytest.mark.parametrize(("changes", "field"), [
    ({"contract_end": date(2025, 12, 31)}, "contract_end"),
    ({"advises_government": False, "villages": []}, "villages"),
    ({"villages": ["v01", "v01"]}, "villages"),
])
def test_an_engagement_needs_a_real_period_and_someone_to_advise(changes, field):
    with pytest.raises(InvalidInput) as refused:
        AdvisorEngagement("e1", "houtai").engage(**{**ENGAGEMENT, **changes})
    assert refused.value.field == field


def test_an_opinion_is_recorded_only_on_a_day_the_contract_ran_and_not_in_the_future():
    engagement = engaged()
    engagement.fold(engagement.give_opinion(given_on=date(2026, 4, 10), subject="征地补偿方案", today=TODAY))
    assert [o.subject for o in engagement.opinions] == ["征地补偿方案"]
    with pytest.raises(RuleViolation):
        engagement.give_opinion(given_on=date(2025, 12, 31), subject="旧事", today=TODAY)
    with pytest.raises(InvalidInput):
        engagement.give_opinion(given_on=date(2026, 6, 2), subject="明天", today=TODAY)


def test_an_engagement_ended_early_takes_no_opinion_after_its_end_and_ends_once():
    engagement = engaged()
    engagement.fold(engagement.give_opinion(given_on=date(2026, 3, 1), subject="合同审查", today=TODAY))
    with pytest.raises(InvalidInput):  # an opinion was given after that day
        engagement.end(ended_on=date(2026, 2, 1), reason="律所解散", today=TODAY)
    engagement.fold(engagement.end(ended_on=date(2026, 5, 1), reason="律所解散", today=TODAY))
    assert engagement.last_day == date(2026, 5, 1)
    with pytest.raises(RuleViolation):
        engagement.give_opinion(given_on=date(2026, 5, 20), subject="晚了", today=TODAY)
    with pytest.raises(RuleViolation):
        engagement.end(ended_on=date(2026, 5, 2), reason="again", today=TODAY)


def test_a_narrative_section_is_versioned_and_an_unchanged_text_records_nothing():
    narrative = Narrative("n1", "houtai")
    narrative.fold(narrative.edit(year=2026, section=2, text="不足之处", editor="reporter-1"))
    assert narrative.edit(year=2026, section=2, text="不足之处", editor="reporter-2") == []
    narrative.fold(narrative.edit(year=2026, section=2, text="不足之处（修改）", editor="reporter-2"))
    assert (narrative.version, narrative.editor, narrative.text) == (2, "reporter-2", "不足之处（修改）")


def test_a_narrative_has_five_sections_and_keeps_its_own_year_and_section():
    with pytest.raises(InvalidInput) as refused:
        Narrative("n1", "houtai").edit(year=2026, section=6, text="x", editor="r")
    assert refused.value.field == "section"
    narrative = Narrative("n1", "houtai")
    narrative.fold(narrative.edit(year=2026, section=1, text="x", editor="r"))
    with pytest.raises(InvalidInput):
        narrative.edit(year=2026, section=3, text="y", editor="r")
