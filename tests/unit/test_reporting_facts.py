"""Fact rows: each case's events folded in version order, whatever order they arrived in; no people kept."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from fazhi.events import DomainEvent, RecordedEvent
from fazhi.workdays import WorkCalendar
from services.disclosure import contract as d
from services.mediation import contract as m
from services.petition import contract as p
from services.reporting.facts.kinds import kind_of
from services.reporting.facts.slim import slim

DAY = date(2026, 3, 2)
CALENDAR = WorkCalendar()


def recorded(events: list[DomainEvent], stream_type: str = "dispute") -> list[RecordedEvent]:
    at = datetime(2026, 3, 2, 2, tzinfo=UTC)
    return [RecordedEvent(f"e{n}", "case-1", stream_type, n, e.type, 1, "houtai", e.payload(),
                          at + timedelta(hours=n), at + timedelta(hours=n)) for n, e in enumerate(events, start=1)]


def fold(events: list[RecordedEvent]):  # type: ignore[no-untyped-def]
    return kind_of(events[0].type).fold([slim(e) for e in events], CALENDAR)


def dispute_events(*later: DomainEvent) -> list[DomainEvent]:
    return [m.DisputeRegistered(
        dispute_id="case-1", level=m.Level.VILLAGE, village="v01", source=m.Source.APPLICATION,
        category=m.Category.NEIGHBOURS,
        parties=[m.Party(name="张三", id_number="11010519491231002X", phone="13812345678")],
        people_involved=2, amount=None, description="张三说李四的墙越界", risk_flags=[], registered_on=DAY,
        registered_at=datetime(2026, 3, 2, 2, tzinfo=UTC), due_on=DAY + timedelta(days=30)), *later]


ACCEPTED = m.DisputeAccepted(dispute_id="case-1", accepted_on=DAY, due_on=date(2026, 4, 1))
SESSION = m.SessionRecorded(dispute_id="case-1", held_on=DAY, mediator="王调解", summary="双方到场")
AGREED = m.AgreementReached(dispute_id="case-1", form=m.AgreementForm.ORAL, agreed_on=DAY, parties=[], facts=None,
                            points_in_dispute=None, terms=[], oral_content="拆墙", performance_deadline=DAY,
                            confirmation_by=date(2026, 4, 1))


def test_a_fact_row_keeps_no_names_id_numbers_phones_or_free_text():
    kept = slim(recorded(dispute_events())[0])
    assert kept["parties"] == [{}] and "description" not in kept
    assert "11010519491231002X" not in str(kept) and "张三" not in str(kept)


def test_the_summary_is_the_same_whatever_order_the_events_arrived_in():
    events = recorded(dispute_events(ACCEPTED, SESSION, AGREED))
    summaries = {str(fold(list(order)).summary) for order in itertools.permutations(events)}
    assert len(summaries) == 1
    folded = fold(events)
    assert (folded.status, folded.summary["agreed_level"], folded.due_on, folded.is_open) == ("agreed", "village",
                                                                                              None, True)


def test_a_case_whose_opening_event_is_late_still_begins_at_its_registration():
    events = recorded(dispute_events(ACCEPTED))
    assert fold(events[1:]).created == "2026-03-02T04:00:00+00:00"  # the accepted event's, until…
    assert datetime.fromisoformat(fold(events).created) == datetime(2026, 3, 2, 2, tzinfo=UTC)  # …registration


def test_an_unconcluded_dispute_is_due_by_its_time_to_conclude():
    folded = fold(recorded(dispute_events(ACCEPTED)))
    assert (folded.status, folded.due_on) == ("accepted", date(2026, 4, 1))


def test_a_reopened_dispute_forgets_its_earlier_agreement_and_is_due_again():
    reopened = m.DisputeReopened(dispute_id="case-1", reopened_on=DAY, reason="未履行", due_on=date(2026, 5, 1))
    folded = fold(recorded(dispute_events(ACCEPTED, SESSION, AGREED, reopened)))
    assert (folded.summary["agreed_on"], folded.status, folded.due_on, folded.summary["reopened"]) == (
        None, "accepted", date(2026, 5, 1), 1)


def test_an_escalation_to_the_township_moves_the_level_and_one_to_the_county_ends_the_township_s_part():
    up = m.DisputeEscalated(dispute_id="case-1", from_level=m.Level.VILLAGE, to_level=m.EscalationLevel.TOWNSHIP,
                            reason="村里调不了", escalated_on=DAY, due_on=date(2026, 4, 10))
    folded = fold(recorded(dispute_events(ACCEPTED, SESSION, up, AGREED)))
    assert (folded.summary["agreed_level"], folded.summary["escalated_township_on"]) == ("township", "2026-03-02")
    county = m.DisputeEscalated(dispute_id="case-1", from_level=m.Level.VILLAGE, to_level=m.EscalationLevel.COUNTY,
                                reason="重大", escalated_on=DAY, due_on=None)
    folded = fold(recorded(dispute_events(ACCEPTED, county)))
    assert (folded.status, folded.due_on, folded.is_open) == ("escalated", None, False)


def request_events(*later: DomainEvent) -> list[RecordedEvent]:
    received = d.RequestReceived(
        channel=d.RequestChannel.ONLINE, applicant_type=d.ApplicantType.LEGAL_PERSON,
        org_type=d.OrgType.RESEARCH_INSTITUTION, applicant=d.Applicant(name="某研究所", phone="13912345678"),
        information_sought="规划", delivery=None, received_on=DAY, registered_at=datetime(2026, 3, 2, 2, tzinfo=UTC),
        due_on=date(2026, 3, 30))
    return recorded([received, *later], "request")


def test_a_request_s_reply_period_stops_during_a_correction_and_runs_again_after_it():
    asked = d.CorrectionAsked(asked_on=DAY, correct_by=date(2026, 3, 20), missing="哪份规划")
    assert fold(request_events(asked)).due_on is None
    again = d.CorrectionReceived(received_on=date(2026, 3, 10), due_on=date(2026, 4, 8))
    assert fold(request_events(asked, again)).due_on == date(2026, 4, 8)


def test_an_answered_request_carries_its_outcome_column_and_timeliness():
    answer = d.RequestAnswered(outcome=d.Outcome.PARTLY_GRANTED, applicant_type=d.ApplicantType.LEGAL_PERSON,
                               org_type=d.OrgType.RESEARCH_INSTITUTION, received_on=DAY, due_on=date(2026, 3, 30),
                               on_time=True, answered_on=date(2026, 3, 20), extended=False, summary=None)
    folded = fold(request_events(answer))
    assert (folded.is_open, folded.due_on, folded.summary["outcome"], folded.summary["org_type"]) == (
        False, None, "partly_granted", "research_institution")


def test_an_unpublished_item_is_due_twenty_working_days_after_it_was_formed_and_a_late_one_is_marked():
    drafted = d.PublicationDrafted(revision=1, title="低保名单", body=None, attachment=None,
                                   category=d.Category.SOCIAL_ASSISTANCE, formed_on=DAY,
                                   drafted_at=datetime(2026, 3, 2, 2, tzinfo=UTC))
    folded = fold(recorded([drafted], "publication"))
    assert folded.due_on == CALENDAR.add_workdays(DAY, 20).on
    published = d.PublicationPublished(revision=1, channels=[d.Channel.WEBSITE], title="低保名单",
                                       category=d.Category.SOCIAL_ASSISTANCE, formed_on=DAY,
                                       published_at=datetime(2026, 5, 1, 2, tzinfo=UTC))
    folded = fold(recorded([drafted, published], "publication"))
    assert (folded.due_on, folded.summary["published_on_time"], folded.summary["first_published_on"]) == (
        None, False, "2026-05-01")


def case_events(*later: DomainEvent) -> list[RecordedEvent]:
    registered = p.CaseRegistered(
        case_id="case-1", channel=p.Channel.VISIT, petitioners=[p.Person(name="钱七")], representatives=[],
        group_size=1, group_visit=False, subject="宅基地", claims=["确权"], matter="宅基地", bypassed_level=True,
        village="v02", registered_on=DAY, registered_at=datetime(2026, 3, 2, 2, tzinfo=UTC),
        acceptance_due_on=date(2026, 3, 17), petitioner_keys=[], matter_keys=[], repeat_of=None, repeat_count=0,
        earlier_cases=[])
    return recorded([registered, *later], "petition")


def test_a_petition_is_due_for_acceptance_then_for_handling():
    assert fold(case_events()).due_on == date(2026, 3, 17)
    accepted = p.CaseAccepted(case_id="case-1", accepted_on=DAY, late=False, handling_due_on=date(2026, 5, 1))
    folded = fold(case_events(accepted))
    assert (folded.status, folded.due_on, folded.summary["decided_late"]) == ("accepted", date(2026, 5, 1), False)


def test_a_reception_day_counts_the_visitors_recorded_and_its_closing_totals_win():
    scheduled = p.ReceptionScheduled(reception_day_id="case-1", kind=p.ReceptionKind.LEADER, day=DAY, place="乡政府",
                                     leader="乡长", participants=[], scheduled_on=DAY)
    held = p.ReceptionHeld(reception_day_id="case-1", held_on=DAY)
    visits = [p.VisitorsRecorded(reception_day_id="case-1", visitors=n, case_ids=[], recorded_on=DAY) for n in (3, 4)]
    assert fold(recorded([scheduled, held, *visits], "reception_day")).summary["visitors"] == 7
    closed = p.ReceptionClosed(reception_day_id="case-1", summary="接访", closed_on=DAY, visitors=8, case_ids=["c"])
    folded = fold(recorded([scheduled, held, *visits, closed], "reception_day"))
    assert (folded.summary["visitors"], folded.summary["cases_opened"], folded.is_open) == (8, 1, False)


def test_a_suggestion_an_author_is_unhappy_with_is_due_again_once_rehandled():
    events = [p.SuggestionReceived(suggestion_id="s", kind=p.SuggestionKind.DEPUTY_SUGGESTION, author="代表", title="修路",
                                   content="建议", received_on=DAY, received_at=datetime(2026, 3, 2, 2, tzinfo=UTC)),
              p.SuggestionAssigned(suggestion_id="s", office="党政办", complex=False, months=3, assigned_on=DAY,
                                   answer_due_on=date(2026, 6, 2)),
              p.SuggestionAnswered(suggestion_id="s", answer="已办", answered_on=date(2026, 5, 1), late=False, round=1),
              p.FeedbackRecorded(suggestion_id="s", feedback=p.Satisfaction.UNSATISFIED, note="没修", recorded_on=DAY,
                                 round=1)]
    assert fold(recorded(events, "suggestion")).status == "unsatisfied"
    rehandled = p.RehandlingStarted(suggestion_id="s", reason="没修", started_on=DAY, answer_due_on=date(2026, 8, 1),
                                    round=2)
    folded = fold(recorded([*events, rehandled], "suggestion"))
    assert (folded.status, folded.due_on, folded.summary["first_answer_late"]) == ("assigned", date(2026, 8, 1), False)


def test_an_aggregate_no_figure_counts_has_no_kind():
    assert kind_of("mediation.unknown.happened") is None
