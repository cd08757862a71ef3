"""Specification of the rules that fire on a producer event alone, and of the watch of a case's deadlines."""

import uuid
from datetime import UTC, date, datetime

import pytest

from fazhi.county import RiskFlag, Rules
from fazhi.events import DomainEvent, NewEvent, RecordedEvent
from services.disclosure import contract as dc
from services.mediation import contract as mc
from services.petition import contract as pc
from services.reporting.alerts.contract import Rule
from services.reporting.alerts.domain import Raise
from services.reporting.alerts.domain.rules import Resolve, immediate
from services.reporting.alerts.domain.watch import CaseWatch, OutOfOrder, advance

AT = datetime(2026, 3, 2, 2, tzinfo=UTC)
TODAY = AT.date()
RULES = Rules()  # the default: every risk flag makes a dispute major


def recorded(event: DomainEvent, version: int = 1, stream_id: str = "d-1") -> RecordedEvent:
    new = NewEvent.of(event)
    return RecordedEvent(event_id=str(uuid.uuid4()), stream_id=stream_id, stream_type="dispute", version=version,
                         type=new.type, schema_version=1, township="houtai", data=new.data, occurred_at=AT,
                         recorded_at=AT)


def registered(level: str = "village", flags: tuple[str, ...] = ()) -> mc.DisputeRegistered:
    return mc.DisputeRegistered(
        dispute_id="d-1", level=level, village="v03" if level == "village" else None, source="walk_in",
        category="neighbours", parties=[mc.Party(name="张三")], people_involved=2, amount=None, description="x",
        risk_flags=list(flags), registered_on=TODAY, registered_at=AT, due_on=date(2026, 4, 1))


def classified(severity: str, reasons: list[str], previous: str | None = None) -> mc.DisputeClassified:
    return mc.DisputeClassified(dispute_id="d-1", severity=severity, reasons=reasons, previous_severity=previous,
                                level="village", village="v03", category="neighbours", classified_on=TODAY)


def keys(intents: list) -> list[str]:
    return [i.key for i in intents if isinstance(i, Raise)]


def test_a_dispute_mediation_classified_major_raises_a_major_dispute_alert_for_the_township():
    (major,) = immediate(recorded(classified("major", ["people_involved"]), 2), RULES)
    assert (major.key, major.rule, major.level, major.village) == ("major_dispute:d-1", Rule.MAJOR_DISPUTE,
                                                                  "township", "v03")
    assert major.cause is not None and major.cause.type == "mediation.dispute.classified"


def test_a_major_dispute_for_a_criminal_or_mass_risk_also_raises_the_risk_alert_it_will_inhibit():
    intents = immediate(recorded(classified("major", ["criminal_risk", "bypass_risk"]), 2), RULES)
    assert keys(intents) == ["major_dispute:d-1", "risk_flag:d-1"]
    assert intents[1].details == {"risk_flags": ["criminal_risk"]}


def test_a_dispute_classified_normal_again_resolves_its_major_alert_and_a_normal_one_fires_nothing():
    (resolve,) = immediate(recorded(classified("normal", [], previous="major"), 3), RULES)
    assert resolve == Resolve("d-1", frozenset({Rule.MAJOR_DISPUTE}), "mediation no longer classifies it major")
    assert immediate(recorded(classified("normal", []), 2), RULES) == []


def test_a_risk_flag_the_county_does_not_count_as_major_still_raises_a_risk_alert_at_registration():
    rules = Rules(major_dispute_flags=[RiskFlag.BYPASS_RISK])
    assert keys(immediate(recorded(registered(flags=("mass",))), rules)) == ["risk_flag:d-1"]
    assert immediate(recorded(registered(flags=("mass",))), RULES) == []  # the classification will carry it
    assert immediate(recorded(registered(flags=("bypass_risk",))), rules) == []


def test_facts_revised_without_risk_flags_resolve_the_risk_alert():
    revised = mc.FactsRevised(dispute_id="d-1", people_involved=2, amount=None, risk_flags=[], description="x",
                              revised_on=TODAY)
    assert immediate(recorded(revised, 3), RULES) == [
        Resolve("d-1", frozenset({Rule.RISK_FLAG}), "the risk flags were removed")]


@pytest.mark.parametrize("event", [
    mc.DisputeClosed(dispute_id="d-1", closed_on=TODAY, outcome="agreed"),
    mc.DisputeDeclined(dispute_id="d-1", grounds="party_refused", reason="x", declined_on=TODAY),
    mc.DisputeEscalated(dispute_id="d-1", from_level="township", to_level="county", reason="x",
                        escalated_on=TODAY, due_on=None),
])
def test_a_dispute_that_is_over_or_gone_to_the_county_resolves_its_major_and_risk_alerts(event):
    (resolve,) = immediate(recorded(event, 5), RULES)
    assert resolve.rules == {Rule.MAJOR_DISPUTE, Rule.RISK_FLAG}


def test_a_dispute_escalated_to_the_township_keeps_its_alerts():
    event = mc.DisputeEscalated(dispute_id="d-1", from_level="village", to_level="township", reason="x",
                                escalated_on=TODAY, due_on=date(2026, 4, 1))
    assert immediate(recorded(event, 3), RULES) == []


def petition(group: bool, bypass: bool, subject: str = "wages") -> pc.CaseRegistered:
    return pc.CaseRegistered(
        case_id="p-1", channel="visit", petitioners=[], representatives=[], group_size=12 if group else 1,
        group_visit=group, subject=subject, claims=["pay"], matter="wages", bypassed_level=bypass, village=None,
        registered_on=TODAY, registered_at=AT, acceptance_due_on=date(2026, 3, 17), petitioner_keys=[],
        matter_keys=[], repeat_of=None, repeat_count=0, earlier_cases=[])


def test_a_group_visit_and_a_petition_past_the_township_each_raise_their_alert_without_phone_numbers():
    intents = immediate(recorded(petition(True, True, "wages owed, call 13812345678"), stream_id="p-1"), RULES)
    assert keys(intents) == ["group_visit:p-1", "bypass_petition:p-1"]
    assert intents[0].title == "集体访 12 人：wages owed, call 138****5678"
    assert immediate(recorded(petition(False, False), stream_id="p-1"), RULES) == []


def test_a_petition_answered_resolves_its_petition_alerts():
    replied = pc.CaseReplied(case_id="p-1", finding="supported", content="x", replied_on=TODAY, late=False,
                             review_request_by=date(2026, 4, 1))
    (resolve,) = immediate(recorded(replied, 4, "p-1"), RULES)
    assert resolve.rules == {Rule.GROUP_VISIT, Rule.BYPASS_PETITION, Rule.REPEAT_PETITION}


def test_a_village_dispute_is_watched_for_its_time_to_conclude_and_its_time_in_the_village():
    watch = advance(None, recorded(registered()), RULES)
    assert (watch.due_on, watch.what, watch.village_due_on) == (date(2026, 4, 1), "conclude", date(2026, 3, 17))
    accepted = mc.DisputeAccepted(dispute_id="d-1", accepted_on=TODAY, due_on=date(2026, 4, 2))
    assert advance(advance(watch, recorded(classified("normal", []), 2), RULES), recorded(accepted, 3),
                   RULES).due_on == date(2026, 4, 2)


def test_an_event_ahead_of_a_missing_one_is_refused_and_one_seen_before_changes_nothing():
    watch = advance(None, recorded(registered()), RULES)
    with pytest.raises(OutOfOrder):
        advance(watch, recorded(classified("normal", []), 3), RULES)
    assert advance(watch, recorded(registered()), RULES) is watch
    with pytest.raises(OutOfOrder):
        advance(None, recorded(classified("normal", []), 2), RULES)


def test_a_concluded_dispute_or_one_escalated_to_the_township_leaves_the_village_watch():
    watch = advance(None, recorded(registered()), RULES)
    up = mc.DisputeEscalated(dispute_id="d-1", from_level="village", to_level="township", reason="x",
                             escalated_on=TODAY, due_on=date(2026, 4, 5))
    moved = advance(watch, recorded(up, 2), RULES)
    assert (moved.level, moved.due_on, moved.village_due_on, moved.open) == ("township", date(2026, 4, 5), None, True)
    failed = mc.MediationFailed(dispute_id="d-1", failed_on=TODAY, reason="x", routes_told=["court"])
    assert advance(moved, recorded(failed, 3), RULES).open is False


def test_a_disclosure_request_stops_its_clock_for_a_correction_and_restarts_it():
    def ev(event: DomainEvent, version: int) -> RecordedEvent:
        return recorded(event, version, "r-1")

    received = dc.RequestReceived(
        channel="online", applicant_type="natural_person", org_type=None, applicant=dc.Applicant(name="李四"),
        information_sought="x", delivery=None, received_on=TODAY, registered_at=AT, due_on=date(2026, 3, 30))
    watch = advance(None, ev(received, 1), RULES)
    assert (watch.kind, watch.due_on, watch.what) == ("request", date(2026, 3, 30), "reply")
    paused = advance(watch, ev(dc.CorrectionAsked(asked_on=TODAY, correct_by=date(2026, 3, 9), missing="x"), 2),
                     RULES)
    assert (paused.due_on, paused.open) == (None, True)
    resumed = advance(paused, ev(dc.CorrectionReceived(received_on=TODAY, due_on=date(2026, 4, 1)), 3), RULES)
    assert resumed.due_on == date(2026, 4, 1)


def test_a_watch_survives_its_round_trip_through_a_document():
    watch = advance(None, recorded(registered()), RULES)
    assert CaseWatch.from_data(watch.as_data()) == watch
