"""The dispute aggregate: registration, classification, and every step of its lifecycle (no I/O)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from fazhi.county import RiskFlag, Rules
from fazhi.errors import InvalidInput, RuleViolation
from fazhi.workdays import WorkCalendar
from services.mediation import contract as c
from services.mediation.contract import DisputeStatus as S
from services.mediation.domain import Committee, Dispute, Policy

POLICY = Policy(Rules(), WorkCalendar())
DAY = date(2026, 3, 2)  # a Monday; 30 days later (1 April) is a working day
NOW = datetime(2026, 3, 2, 2, tzinfo=UTC)
PARTIES = [c.Party(name="张三", id_number="11010519491231002X"), c.Party(name="李四")]
TERM = c.Term(content="李四 pays 张三 3000 yuan", manner="bank transfer", deadline=DAY + timedelta(days=10))


def registration(**changes: object) -> dict[str, object]:
    fields: dict[str, object] = dict(
        level=c.Level.VILLAGE, village="v01", source=c.Source.WALK_IN, category=c.Category.NEIGHBOURS,
        parties=PARTIES, people_involved=2, amount=Decimal(3000), description="a wall on the boundary",
        risk_flags=[], policy=POLICY, now=NOW, today=DAY,
    )
    return {**fields, **changes}


def step(d: Dispute, events: list) -> Dispute:
    d.fold(events)
    return d


def registered(**changes: object) -> Dispute:
    d = Dispute("d1", "houtai")
    return step(d, d.register(**registration(**changes)))


def accepted(**changes: object) -> Dispute:
    d = registered(**changes)
    return step(d, d.accept(policy=POLICY, today=DAY))


def mediating(**changes: object) -> Dispute:
    d = accepted(**changes)
    step(d, d.assign(mediator="王调解", committee=None, today=DAY))
    return step(d, d.record_session(held_on=DAY, summary="both sides heard", today=DAY))


def agreement(**changes: object) -> dict[str, object]:
    fields: dict[str, object] = dict(
        form=c.AgreementForm.WRITTEN, agreed_on=DAY, facts="the wall stands 30 cm over the line",
        points_in_dispute="who pays for moving it", terms=[TERM], oral_content=None,
        performance_deadline=DAY + timedelta(days=10), signed=True, policy=POLICY, today=DAY,
    )
    return {**fields, **changes}


def agreed(**changes: object) -> Dispute:
    d = mediating()
    return step(d, d.agree(**agreement(**changes)))


def failed() -> Dispute:
    d = mediating()
    return step(d, d.fail(reason="no common ground", routes_told=[c.Route.COURT], today=DAY))


def closed() -> Dispute:
    d = failed()
    return step(d, d.close(today=DAY))


def types(events: list) -> list[str]:
    return [e.type for e in events]


# -- registration and classification ----------------------------------------------------


def test_registration_records_the_facts_and_classifies_at_once():
    d = Dispute("d1", "houtai")
    events = d.register(**registration())
    assert types(events) == ["mediation.dispute.registered", "mediation.dispute.classified"]
    step(d, events)
    assert (d.status, d.severity, d.reasons, d.conclude_by) == (S.REGISTERED, c.Severity.NORMAL, (), date(2026, 4, 1))
    assert events[1].previous_severity is None


def test_a_dispute_meeting_the_major_rules_is_classified_major_with_its_reasons():
    d = registered(people_involved=12, risk_flags=[RiskFlag.MASS, RiskFlag.MASS])
    assert (d.severity, d.reasons) == (c.Severity.MAJOR, ("people_involved", "mass"))
    assert d.risk_flags == [RiskFlag.MASS]


def test_a_village_level_dispute_must_name_its_village():
    with pytest.raises(InvalidInput) as refused:
        registered(village=None)
    assert refused.value.field == "village"


def test_a_township_level_dispute_may_name_a_village_or_none():
    assert registered(level=c.Level.TOWNSHIP, village=None).village is None
    assert registered(level=c.Level.TOWNSHIP, village="v03").village == "v03"


def test_only_a_referral_names_a_petition_case():
    with pytest.raises(InvalidInput) as refused:
        registered(source=c.Source.REFERRAL)
    assert refused.value.field == "referral_case_id"
    with pytest.raises(InvalidInput):
        registered(referral_case_id="p-1")
    assert registered(source=c.Source.REFERRAL, referral_case_id="p-1").referral_case_id == "p-1"


def test_fewer_people_involved_than_parties_named_is_refused():
    with pytest.raises(InvalidInput) as refused:
        registered(people_involved=1)
    assert refused.value.field == "people_involved"


def test_a_registered_dispute_cannot_be_registered_again():
    d = registered()
    with pytest.raises(RuleViolation):
        d.register(**registration())


def test_revised_facts_that_cross_a_threshold_are_classified_again():
    d = accepted()
    events = d.revise_facts(people_involved=2, amount=Decimal(150000), risk_flags=[], description=None,
                            policy=POLICY, today=DAY)
    assert types(events) == ["mediation.dispute.facts_revised", "mediation.dispute.classified"]
    assert (events[1].severity, events[1].reasons, events[1].previous_severity) == \
        (c.Severity.MAJOR, ["amount"], c.Severity.NORMAL)


def test_revised_facts_that_keep_severity_and_reasons_are_not_classified_again():
    d = registered(people_involved=6)
    events = d.revise_facts(people_involved=8, amount=None, risk_flags=[], description="more neighbours joined",
                            policy=POLICY, today=DAY)
    assert types(events) == ["mediation.dispute.facts_revised"]


def test_a_new_reason_for_the_same_severity_is_a_new_classification():
    d = registered(people_involved=6)
    events = d.revise_facts(people_involved=6, amount=None, risk_flags=[RiskFlag.CRIMINAL_RISK], description=None,
                            policy=POLICY, today=DAY)
    assert events[-1].reasons == ["people_involved", "criminal_risk"]


def test_a_dispute_calmed_down_is_classified_normal_again():
    d = step(registered(), [])
    step(d, d.revise_facts(people_involved=2, amount=None, risk_flags=[RiskFlag.MASS], description=None,
                           policy=POLICY, today=DAY))
    events = d.revise_facts(people_involved=2, amount=None, risk_flags=[], description=None, policy=POLICY, today=DAY)
    assert (events[-1].severity, events[-1].previous_severity) == (c.Severity.NORMAL, c.Severity.MAJOR)


def test_facts_that_did_not_change_record_nothing():
    d = registered()
    assert d.revise_facts(people_involved=2, amount=Decimal(3000), risk_flags=[], description=None,
                          policy=POLICY, today=DAY) == []


def test_facts_of_a_closed_dispute_cannot_be_revised():
    with pytest.raises(RuleViolation):
        closed().revise_facts(people_involved=3, amount=None, risk_flags=[], description=None, policy=POLICY,
                              today=DAY)


# -- acceptance ---------------------------------------------------------------------------


def test_acceptance_starts_the_time_to_conclude_from_that_day():
    d = registered()
    step(d, d.accept(policy=POLICY, today=date(2026, 3, 9)))
    assert (d.status, d.accepted_on, d.conclude_by) == (S.ACCEPTED, date(2026, 3, 9), date(2026, 4, 8))


def test_a_dispute_is_declined_with_grounds_when_a_party_clearly_refuses():
    d = registered()
    step(d, d.decline(grounds=c.DeclineGrounds.PARTY_REFUSED, reason="李四 refuses mediation", today=DAY))
    assert (d.status, d.is_open, d.declined.grounds) == (S.DECLINED, False, c.DeclineGrounds.PARTY_REFUSED)


def test_an_accepted_dispute_cannot_be_declined_or_accepted_again():
    d = accepted()
    with pytest.raises(RuleViolation):
        d.decline(grounds=c.DeclineGrounds.OTHER, reason="late", today=DAY)
    with pytest.raises(RuleViolation):
        d.accept(policy=POLICY, today=DAY)


# -- mediation ----------------------------------------------------------------------------


def test_a_mediator_is_assigned_only_after_acceptance():
    with pytest.raises(RuleViolation) as refused:
        registered().assign(mediator="王调解", committee=None, today=DAY)
    assert "must be accepted" in refused.value.reason


def committee(village: str | None = "v01", level: c.Level = c.Level.VILLAGE,
              start: date = date(2025, 1, 1)) -> Committee:
    k = Committee("k1", "houtai")
    kinds = (("王调解", c.Gender.MALE, c.Position.CHAIR), ("赵女士", c.Gender.FEMALE, c.Position.MEMBER),
             ("钱委员", c.Gender.MALE, c.Position.MEMBER))
    members = [c.Member(name=n, gender=g, position=p, kind=c.MediatorKind.PART_TIME) for n, g, p in kinds]
    return step(k, k.register(level=level, village=village, name="committee", members=members, term_start=start))


def test_a_mediator_named_with_a_committee_must_be_its_member():
    d = accepted()
    step(d, d.assign(mediator="赵女士", committee=committee(), today=DAY))
    assert (d.mediator, d.committee_id) == ("赵女士", "k1")
    with pytest.raises(InvalidInput) as refused:
        d.assign(mediator="孙某", committee=committee(), today=DAY)
    assert refused.value.field == "mediator"


def test_a_village_case_is_not_given_to_another_villages_or_the_townships_committee():
    for other in (committee(village="v02"), committee(village=None, level=c.Level.TOWNSHIP)):
        with pytest.raises(InvalidInput) as refused:
            accepted().assign(mediator="王调解", committee=other, today=DAY)
        assert refused.value.field == "committee_id"


def test_a_committee_whose_term_ended_cannot_take_a_case():
    with pytest.raises(InvalidInput) as refused:
        accepted().assign(mediator="王调解", committee=committee(start=date(2022, 1, 1)), today=DAY)
    assert "term ended on 2024-12-31" in refused.value.reason


def test_assigning_the_same_mediator_again_records_nothing():
    d = mediating()
    assert d.assign(mediator="王调解", committee=None, today=DAY) == []


def test_a_session_needs_a_mediator_and_a_real_date():
    with pytest.raises(RuleViolation):
        accepted().record_session(held_on=DAY, summary="s", today=DAY)
    d = step(accepted(), [])
    step(d, d.assign(mediator="王调解", committee=None, today=DAY))
    for held_on in (DAY + timedelta(days=1), DAY - timedelta(days=1)):
        with pytest.raises(InvalidInput) as refused:
            d.record_session(held_on=held_on, summary="s", today=DAY)
        assert refused.value.field == "held_on"


def test_a_recorded_session_puts_the_dispute_in_mediation():
    d = mediating()
    assert (d.status, len(d.sessions), d.sessions[0].mediator) == (S.MEDIATING, 1, "王调解")


# -- agreement ----------------------------------------------------------------------------


def test_an_agreement_before_acceptance_is_refused():
    with pytest.raises(RuleViolation) as refused:
        registered().agree(**agreement())
    assert refused.value.reason == "the dispute must be accepted before you record an agreement: it is registered"


def test_an_agreement_needs_a_session_that_reached_it():
    d = accepted()
    step(d, d.assign(mediator="王调解", committee=None, today=DAY))
    with pytest.raises(RuleViolation):
        d.agree(**agreement())


def test_a_written_agreement_opens_a_thirty_day_confirmation_window():
    d = agreed()
    assert (d.status, d.agreement.confirmation_by, d.agreement.parties) == (S.AGREED, date(2026, 4, 1), PARTIES)


@pytest.mark.parametrize(("changes", "field"), [
    ({"facts": None}, "facts"),
    ({"points_in_dispute": ""}, "points_in_dispute"),
    ({"terms": []}, "terms"),
    ({"terms": [TERM.model_copy(update={"deadline": DAY + timedelta(days=11)})]}, "terms.0.deadline"),
    ({"terms": [TERM.model_copy(update={"manner": " "})]}, "terms.0"),
    ({"signed": False}, "signed"),
    ({"performance_deadline": DAY - timedelta(days=1)}, "performance_deadline"),
    ({"agreed_on": DAY + timedelta(days=1)}, "agreed_on"),
])
def test_a_written_agreement_without_the_statutes_contents_is_refused(changes, field):
    with pytest.raises(InvalidInput) as refused:
        mediating().agree(**agreement(**changes))
    assert refused.value.field == field


def test_an_oral_agreement_records_its_content():
    with pytest.raises(InvalidInput) as refused:
        mediating().agree(**agreement(form=c.AgreementForm.ORAL, facts=None, terms=[], signed=False))
    assert refused.value.field == "oral_content"
    d = agreed(form=c.AgreementForm.ORAL, facts=None, terms=[], signed=False, oral_content="李四 moves the wall")
    assert d.agreement.oral_content == "李四 moves the wall"


# -- failure ------------------------------------------------------------------------------


def test_a_failure_records_the_routes_the_parties_were_told_of():
    d = failed()
    assert (d.status, d.failure.routes_told) == (S.FAILED, [c.Route.COURT])


def test_a_failure_without_telling_the_parties_their_routes_is_refused():
    with pytest.raises(InvalidInput) as refused:
        mediating().fail(reason="no common ground", routes_told=[], today=DAY)
    assert refused.value.field == "routes_told"


def test_a_mediation_fails_only_after_a_session():
    d = accepted()
    step(d, d.assign(mediator="王调解", committee=None, today=DAY))
    with pytest.raises(RuleViolation):
        d.fail(reason="r", routes_told=[c.Route.COURT], today=DAY)


# -- judicial confirmation ----------------------------------------------------------------


def test_judicial_confirmation_on_day_thirty_is_accepted():
    d = agreed()
    step(d, d.apply_for_confirmation(court="睢县人民法院", today=DAY + timedelta(days=30)))
    assert d.confirmation.applied_on == date(2026, 4, 1)


def test_judicial_confirmation_on_day_thirty_one_is_refused():
    with pytest.raises(RuleViolation) as refused:
        agreed().apply_for_confirmation(court="睢县人民法院", today=DAY + timedelta(days=31))
    assert "by 2026-04-01" in refused.value.reason


def test_a_window_ending_on_a_holiday_stays_open_until_the_next_working_day():
    d = mediating()
    agreed_on = date(2026, 3, 6)
    step(d, d.agree(**agreement(agreed_on=agreed_on, today=agreed_on,
                                terms=[TERM.model_copy(update={"deadline": agreed_on})],
                                performance_deadline=agreed_on + timedelta(days=5))))
    assert d.apply_for_confirmation(court="court", today=date(2026, 4, 7))
    with pytest.raises(RuleViolation):
        d.apply_for_confirmation(court="court", today=date(2026, 4, 8))


def test_judicial_confirmation_is_applied_for_once_and_only_for_an_agreement():
    d = agreed()
    step(d, d.apply_for_confirmation(court="court", today=DAY))
    with pytest.raises(RuleViolation):
        d.apply_for_confirmation(court="court", today=DAY)
    with pytest.raises(RuleViolation):
        failed().apply_for_confirmation(court="court", today=DAY)


# -- performance, follow-up, closing, reopening ------------------------------------------


def test_performance_is_recorded_for_an_agreement_not_before_it():
    d = agreed()
    step(d, d.record_performance(performance=c.Performance.FULL, checked_on=DAY, note="paid", today=DAY))
    assert d.performance.performance is c.Performance.FULL
    with pytest.raises(InvalidInput):
        d.record_performance(performance=c.Performance.FULL, checked_on=DAY - timedelta(days=1), note="", today=DAY)
    with pytest.raises(RuleViolation):
        mediating().record_performance(performance=c.Performance.FULL, checked_on=DAY, note="", today=DAY)


def test_an_agreement_is_closed_only_after_a_follow_up_visit():
    d = agreed()
    with pytest.raises(RuleViolation) as refused:
        d.close(today=DAY)
    assert "follow-up visit" in refused.value.reason
    step(d, d.record_follow_up(visited_on=DAY, visited_by="王调解", findings="wall moved", today=DAY))
    step(d, d.close(today=DAY))
    assert (d.status, d.is_open, d.closed_on) == (S.CLOSED, False, DAY)


def test_a_failed_mediation_closes_with_that_outcome():
    events = failed().close(today=DAY)
    assert events[0].outcome is S.FAILED


def test_a_follow_up_is_not_a_mediation_session():
    with pytest.raises(RuleViolation):
        mediating().record_follow_up(visited_on=DAY, visited_by="x", findings="y", today=DAY)


def test_a_reopened_dispute_is_mediated_again_with_a_new_time_to_conclude():
    d = closed()
    later = date(2026, 5, 11)
    step(d, d.reopen(reason="李四 did not pay", policy=POLICY, today=later))
    assert (d.status, d.failure, d.reopenings, d.conclude_by) == (S.ACCEPTED, None, 1, date(2026, 6, 10))


def test_a_reopened_dispute_needs_a_new_session_before_a_new_outcome():
    d = closed()
    step(d, d.reopen(reason="r", policy=POLICY, today=DAY))
    with pytest.raises(RuleViolation):
        d.agree(**agreement())
    step(d, d.record_session(held_on=DAY, summary="again", today=DAY))
    assert d.agree(**agreement())


def test_only_a_closed_dispute_is_reopened():
    with pytest.raises(RuleViolation):
        agreed().reopen(reason="r", policy=POLICY, today=DAY)


# -- escalation ---------------------------------------------------------------------------


def test_a_village_dispute_escalates_to_the_township_which_takes_it_as_it_stands():
    d = mediating()
    step(d, d.escalate(reason="beyond the village", policy=POLICY, today=date(2026, 3, 9)))
    assert (d.level, d.status, d.mediator, d.conclude_by) == (c.Level.TOWNSHIP, S.ACCEPTED, None, date(2026, 4, 8))


def test_the_township_committee_mediates_an_escalated_case_itself_before_any_outcome():
    d = failed()
    step(d, d.escalate(reason="the village could not", policy=POLICY, today=DAY))
    step(d, d.assign(mediator="乡调解员", committee=None, today=DAY))
    with pytest.raises(RuleViolation):
        d.fail(reason="r", routes_told=[c.Route.COURT], today=DAY)


def test_a_registered_village_dispute_escalated_still_awaits_acceptance():
    d = registered()
    step(d, d.escalate(reason="major", policy=POLICY, today=DAY))
    assert (d.level, d.status) == (c.Level.TOWNSHIP, S.REGISTERED)


def test_a_township_dispute_escalates_to_the_county_and_leaves_the_desk():
    d = registered(level=c.Level.TOWNSHIP)
    events = d.escalate(reason="county matter", policy=POLICY, today=DAY)
    step(d, events)
    assert (events[0].to_level, events[0].due_on, d.status, d.is_open) == \
        (c.EscalationLevel.COUNTY, None, S.ESCALATED, False)


def test_an_agreed_or_finished_dispute_is_not_escalated():
    for d in (agreed(), closed()):
        with pytest.raises(RuleViolation):
            d.escalate(reason="r", policy=POLICY, today=DAY)


# -- the transition table -----------------------------------------------------------------

def declined() -> Dispute:
    d = registered()
    return step(d, d.decline(grounds=c.DeclineGrounds.PARTY_REFUSED, reason="r", today=DAY))


def escalated_to_county() -> Dispute:
    d = accepted(level=c.Level.TOWNSHIP)
    return step(d, d.escalate(reason="r", policy=POLICY, today=DAY))


STAGES = {"registered": registered, "accepted": accepted, "mediating": mediating, "agreed": agreed,
          "failed": failed, "closed": closed, "declined": declined, "escalated": escalated_to_county}
COMMANDS = {
    "accept": lambda d: d.accept(policy=POLICY, today=DAY),
    "revise-facts": lambda d: d.revise_facts(people_involved=3, amount=None, risk_flags=[], description=None,
                                             policy=POLICY, today=DAY),
    "decline": lambda d: d.decline(grounds=c.DeclineGrounds.OTHER, reason="r", today=DAY),
    "assign": lambda d: d.assign(mediator="新调解员", committee=None, today=DAY),
    "record-session": lambda d: d.record_session(held_on=DAY, summary="s", today=DAY),
    "agree": lambda d: d.agree(**agreement()),
    "fail": lambda d: d.fail(reason="r", routes_told=[c.Route.COURT], today=DAY),
    "apply-confirmation": lambda d: d.apply_for_confirmation(court="court", today=DAY),
    "record-performance": lambda d: d.record_performance(performance=c.Performance.PARTIAL, checked_on=DAY,
                                                         note="n", today=DAY),
    "follow-up": lambda d: d.record_follow_up(visited_on=DAY, visited_by="v", findings="f", today=DAY),
    "close": lambda d: d.close(today=DAY),
    "reopen": lambda d: d.reopen(reason="r", policy=POLICY, today=DAY),
    "escalate": lambda d: d.escalate(reason="r", policy=POLICY, today=DAY),
}
ALLOWED = {
    "registered": {"revise-facts", "accept", "decline", "escalate"},
    "accepted": {"revise-facts", "assign", "escalate"},  # a session needs a mediator; agree and fail a session
    "mediating": {"revise-facts", "assign", "record-session", "agree", "fail", "escalate"},
    "agreed": {"revise-facts", "apply-confirmation", "record-performance", "follow-up"},  # close: after a follow-up
    "failed": {"revise-facts", "follow-up", "close", "escalate"},
    "closed": {"follow-up", "reopen"},
    "declined": set(),
    "escalated": set(),
}


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_is_allowed_only_in_its_stages(stage, command):
    dispute = STAGES[stage]()
    if command in ALLOWED[stage]:
        assert COMMANDS[command](dispute)
    else:
        with pytest.raises(RuleViolation) as refused:
            COMMANDS[command](dispute)
        assert refused.value.reason
