"""Time-based alert rules through real NATS, with the timer ticked on a FixedClock (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


from fazhi.clock import FixedClock
from services.disclosure import contract as dc
from services.mediation import contract as mc
from services.petition import contract as pc
from services.reporting.alerts import alerts_of
from services.reporting.alerts.handlers.watching import SCREENINGS, screening_id
from tests.integration.test_alerts_support import T0, Case, dispute_classified, dispute_registered, publish, wait_until

TODAY = T0.date()
NIGHT = datetime(2026, 3, 2, 15, tzinfo=UTC)  # 23:00 in the county


def alerts(api, **params) -> list[dict]:
    return api.client.get("/v1/alerts", params={"limit": 200, **params},
                          headers=api.headers(county=True, roles=("county_supervisor",))).json()["items"]


def tick(api):
    return api.client.portal.call(alerts_of(api.client.app.state.runtime).timer.tick)


def ticked_until(api, count: int) -> None:
    """Tick until `count` alerts exist: the consumers write what the timer reads as the events arrive."""
    wait_until(lambda: tick(api) and len(alerts(api)) == count)


def keys(api, **params) -> set[str]:
    return {a["key"] for a in alerts(api, **params)}


def late_cases() -> tuple[dict[str, Case], list]:
    """A village dispute 20 days old and a day overdue; a request due in two days; a suggestion 3 days late."""
    dispute, request, suggestion = Case("dispute"), Case("request"), Case("suggestion")
    registered = TODAY - timedelta(days=20)
    events = [
        dispute_registered(dispute, people=2, on=registered, due_on=TODAY - timedelta(days=1)),
        dispute_classified(dispute, []),
        request.event(dc.RequestReceived(
            channel="online", applicant_type="natural_person", org_type=None,
            applicant=dc.Applicant(name="李四", phone="13912345678"), information_sought="land requisition files",
            delivery=None, received_on=TODAY, registered_at=T0, due_on=TODAY + timedelta(days=2))),
        suggestion.event(pc.SuggestionReceived(
            suggestion_id=suggestion.id, kind="deputy_suggestion", author="王代表", title="roads", content="x",
            received_on=TODAY - timedelta(days=100), received_at=T0)),
        suggestion.event(pc.SuggestionAssigned(
            suggestion_id=suggestion.id, office="交通办", complex=False, months=3,
            assigned_on=TODAY - timedelta(days=93), answer_due_on=TODAY - timedelta(days=3))),
    ]
    return {"dispute": dispute, "request": request, "suggestion": suggestion}, events


def expected_keys(cases: dict[str, Case]) -> set[str]:
    return {f"overdue:{cases['dispute'].id}:{(TODAY - timedelta(days=1)).isoformat()}",
            f"village_overdue:{cases['dispute'].id}",
            f"due_soon:{cases['request'].id}:{(TODAY + timedelta(days=2)).isoformat()}",
            f"overdue:{cases['suggestion'].id}:{(TODAY - timedelta(days=3)).isoformat()}"}


def test_due_soon_overdue_and_too_long_in_the_village_fire_once_each_and_resolve_when_the_case_moves(
        api_for, nats_server):
    api = api_for("reporting", clock=FixedClock(T0))
    cases, events = late_cases()
    publish(nats_server.url, events, again=True)
    ticked_until(api, 4)
    tick(api)
    assert keys(api) == expected_keys(cases)
    levels = {a["key"].split(":")[0] + ":" + a["subject"]["kind"]: a["level"] for a in alerts(api)}
    assert levels == {"overdue:dispute": "village", "village_overdue:dispute": "township",
                      "due_soon:request": "township", "overdue:suggestion": "township"}
    request = cases["request"]
    answered = request.event(dc.RequestAnswered(
        outcome="granted", applicant_type="natural_person", org_type=None, received_on=TODAY, due_on=None,
        on_time=True, answered_on=TODAY, extended=False, summary=None))
    publish(nats_server.url, [answered])
    (resolved,) = wait_until(lambda: alerts(api, status="resolved"))
    assert (resolved["rule"], resolved["resolved"]["automatic"]) == ("due_soon", True)
    assert resolved["resolved"]["reason"] == "the request was concluded"


def test_quiet_hours_hold_deadline_alerts_until_morning(api_for, nats_server):
    clock = FixedClock(NIGHT)
    api = api_for("reporting", clock=clock)
    _, events = late_cases()
    publish(nats_server.url, events)
    ticked_until(api, 4)
    assert {(a["notified"], a["held"]) for a in alerts(api)} == {(False, "quiet_hours")}
    clock.set(datetime(2026, 3, 2, 23, 5, tzinfo=UTC))  # 07:05 in the county
    tick(api)
    assert {(a["notified"], a["held"], len(a["released_at"])) for a in alerts(api)} == {(True, None, 1)}


def petition(case: Case, day_offset: int, *, group: bool = False, bypass: bool = False) -> object:
    on = TODAY - timedelta(days=day_offset)
    return case.event(pc.CaseRegistered(
        case_id=case.id, channel="visit", petitioners=[pc.Person(name="赵六", id_number="11010519491231002X")],
        representatives=[], group_size=30 if group else 1, group_visit=group, subject="land compensation",
        claims=["pay"], matter="land compensation", bypassed_level=bypass, village="v05", registered_on=on,
        registered_at=T0 - timedelta(days=day_offset), acceptance_due_on=on + timedelta(days=15),
        petitioner_keys=["a" * 64], matter_keys=["b" * 64], repeat_of=None, repeat_count=0, earlier_cases=[]))


def test_the_third_petition_by_one_person_in_90_days_and_group_and_bypass_petitions_fire_once(api_for, nats_server):
    api = api_for("reporting", clock=FixedClock(T0))
    first, second, third, other = Case("petition"), Case("petition"), Case("petition"), Case("petition")
    publish(nats_server.url, [petition(first, 120), petition(second, 80), petition(third, 40),
                              petition(other, 0, group=True, bypass=True)], again=True)
    # 120, 80 and 40 days ago: three in 90 days; 80, 40 and today: three again; 120 and 80 alone: two
    expected = {f"repeat_petition:{third.id}", f"repeat_petition:{other.id}", f"group_visit:{other.id}",
                f"bypass_petition:{other.id}"}
    petitions = lambda: {k for k in keys(api) if k.split(":")[0] in {"repeat_petition", "group_visit",  # noqa: E731
                                                                     "bypass_petition"}}
    wait_until(lambda: petitions() == expected)
    tick(api)  # and the acceptance of three of them is overdue: alerts of their own
    assert petitions() == expected
    assert {a["details"]["count"] for a in alerts(api, rule="repeat_petition")} == {3}


def test_villages_without_this_months_screening_alert_after_the_report_day_and_a_late_report_resolves(
        api_for, nats_server):
    clock = FixedClock(datetime(2026, 3, 26, 2, tzinfo=UTC))
    api = api_for("reporting", clock=clock)

    def report(village: str) -> object:
        return Case("screening").event(mc.ScreeningReported(
            round_id="r", village=village, month="2026-03", dispute_ids=[], zero_report=True,
            reported_on=clock.today()))

    publish(nats_server.url, [report("v01")])
    store = api.client.app.state.runtime.store
    wait_until(lambda: api.client.portal.call(store.get_document, SCREENINGS, screening_id("houtai", "v01", "2026-03")))
    ticked_until(api, 30)  # 15 of houtai's 16 villages, 7 of zhoutang's, 8 of chengguan's
    assert "missing_screening:v01:2026-03" not in keys(api, township="houtai")
    assert "missing_screening:v02:2026-03" in keys(api, township="houtai")
    publish(nats_server.url, [report("v02")])
    (resolved,) = wait_until(lambda: alerts(api, status="resolved"))
    assert (resolved["key"], resolved["township"]) == ("missing_screening:v02:2026-03", "houtai")
    assert tick(api).raised == 0
