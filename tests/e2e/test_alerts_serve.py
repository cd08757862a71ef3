"""Alerts through real service processes and real NATS: every rule once per key; a restart loses and repeats nothing."""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from nats.js.api import ConsumerConfig, DeliverPolicy

from fazhi.auth import issue_token, load_or_create_signing_key
from fazhi.bus import connect
from fazhi.clock import Clock
from services.disclosure import contract as dc
from services.petition import contract as pc
from tests.integration.test_alerts_support import (
    Case, county_file, dispute_classified, dispute_registered, publish, wait_until,
)


@pytest.fixture
def county(tmp_path: Path) -> str:
    """No quiet hours, a timer ticking every second, risk flags that do not make a dispute major.

    The screening rule depends on the day of the month and on the timer not looking before a
    village's report is projected; it is tested with a fixed clock in test_alerts_timer."""
    return county_file(tmp_path / "county.json", quiet_hours=None, check_seconds=1,
                       rules={"major_dispute_flags": ["bypass_risk"], "screening_report_day": None})


@pytest.fixture
def token(service_env) -> str:
    key = load_or_create_signing_key(Path(service_env["FAZHI_DATA_DIR"]) / "keys" / "signing-key.json")
    return issue_token(key, subject="e2e", county=True, roles=["admin"])


def register(mediation, token: str, people: int, flags: tuple[str, ...] = (), key: str | None = None) -> str:
    body = {"level": "village", "village": "v03", "source": "walk_in", "category": "neighbours",
            "parties": [{"name": "张三丰"}], "people_involved": people, "description": "e2e", "risk_flags": list(flags)}
    headers = {"Authorization": f"Bearer {token}", **({"Idempotency-Key": key} if key else {})}
    response = httpx.post(f"{mediation.url}/v1/townships/houtai/disputes", json=body, headers=headers, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def alerts(reporting, token: str) -> list[dict]:
    response = httpx.get(f"{reporting.url}/v1/alerts", params={"limit": 200, "township": "houtai"},
                         headers={"Authorization": f"Bearer {token}"}, timeout=10)
    return response.json()["items"]


async def _raised_on_the_bus(url: str) -> Counter:
    nc = await connect([url], "e2e-alerts-watch")
    seen: Counter = Counter()
    try:
        sub = await nc.jetstream().pull_subscribe("fazhi.alerts.>", stream="REPORTING",
                                                  config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL))
        while True:
            for msg in await sub.fetch(100, timeout=1):
                body = json.loads(msg.data)
                if body["type"] == "reporting.alert.raised" and body["township"] == "houtai":
                    seen[body["alert"]["key"]] += 1  # keys are per township (zhoutang has a v02 too)
    except Exception:  # no more messages
        return seen
    finally:
        await nc.close()


def crafted_cases(today) -> tuple[list, set[str]]:
    """What the petition and disclosure desks (not services yet) and an old dispute would publish."""
    old, request, suggestion = Case("dispute"), Case("request"), Case("suggestion")
    group, repeats = Case("petition"), [Case("petition") for _ in range(3)]
    now = datetime.now(UTC)
    events = [
        dispute_registered(old, people=2, on=today - timedelta(days=20), due_on=today - timedelta(days=1)),
        dispute_classified(old, []),
        request.event(dc.RequestReceived(
            channel="post", applicant_type="natural_person", org_type=None, applicant=dc.Applicant(name="李四"),
            information_sought="x", delivery=None, received_on=today, registered_at=now,
            due_on=today + timedelta(days=1))),
        suggestion.event(pc.SuggestionReceived(suggestion_id=suggestion.id, kind="member_proposal", author="钱委员",
                                               title="x", content="x", received_on=today, received_at=now)),
        suggestion.event(pc.SuggestionAssigned(suggestion_id=suggestion.id, office="x", complex=False, months=3,
                                               assigned_on=today, answer_due_on=today - timedelta(days=2))),
    ]
    for offset, case in zip((60, 30, 0), repeats, strict=True):
        events.append(case.event(_petition(case.id, today - timedelta(days=offset), group=False)))
    events.append(group.event(_petition(group.id, today, group=True, key="c" * 64)))
    keys = {f"overdue:{old.id}:{today - timedelta(days=1)}", f"village_overdue:{old.id}",
            f"due_soon:{request.id}:{today + timedelta(days=1)}",
            f"overdue:{suggestion.id}:{today - timedelta(days=2)}",
            f"repeat_petition:{repeats[-1].id}", f"group_visit:{group.id}", f"bypass_petition:{group.id}"}
    return events, keys


def _petition(case_id: str, on, *, group: bool, key: str = "a" * 64) -> pc.CaseRegistered:
    return pc.CaseRegistered(
        case_id=case_id, channel="visit", petitioners=[], representatives=[], group_size=40 if group else 1,
        group_visit=group, subject="wages", claims=["pay"], matter="wages", bypassed_level=group, village=None,
        registered_on=on, registered_at=datetime.now(UTC), acceptance_due_on=on + timedelta(days=15),
        petitioner_keys=[key], matter_keys=[], repeat_of=None, repeat_count=0, earlier_cases=[])


def test_every_rule_fires_exactly_once_per_key_through_real_services(start_service, secured_nats, county, token):
    env = {"FAZHI_COUNTY_CONFIG": county}
    mediation = start_service("mediation", **env)
    major = register(mediation, token, people=8, key="walk-in-1")
    assert register(mediation, token, people=8, key="walk-in-1") == major  # a client retry: still one case
    risky = register(mediation, token, people=2, flags=("criminal_risk",))
    today = Clock().today()
    events, keys = crafted_cases(today)
    publish(secured_nats.operator_url, events, again=True)  # each delivered twice
    # Reporting starts on a bus that holds them all (its consumers read from the start): the village's
    # screening report is in before the timer's first look, one period after the bus connected.
    reporting = start_service("reporting", **env)
    keys |= {f"major_dispute:{major}", f"risk_flag:{risky}"}
    wait_until(lambda: keys <= {a["key"] for a in alerts(reporting, token)}, timeout=30)
    wait_until(lambda: asyncio.run(_raised_on_the_bus(secured_nats.operator_url)).keys() >= keys, timeout=10)
    raised = asyncio.run(_raised_on_the_bus(secured_nats.operator_url))
    assert {key: raised[key] for key in keys} == {key: 1 for key in keys}
    assert max(raised.values()) == 1  # nothing else twice either (other deadlines)


def sse(reporting, token: str, after: str | None, until, connected: threading.Event | None = None) -> list[dict]:
    """Read the stream (resuming after `after`) until `until(events)` holds; then hang up."""
    headers = {"Authorization": f"Bearer {token}", **({"Last-Event-ID": after} if after else {})}
    seen: list[dict] = []
    with httpx.stream("GET", f"{reporting.url}/v1/alerts/stream", headers=headers, params={"rule": "major_dispute"},
                      timeout=httpx.Timeout(10, read=30)) as response:
        if connected is not None:
            connected.set()
        event_id = None
        for line in response.iter_lines():
            if line.startswith("id:"):
                event_id = line[3:].strip()
            elif line.startswith("data:"):
                seen.append({"id": event_id, **json.loads(line[5:])})
                if until(seen):
                    return seen
    return seen


def test_a_restarted_reporting_neither_loses_nor_repeats_alerts_and_sse_resumes(
        start_service, secured_nats, tmp_path, token):
    env = {"FAZHI_COUNTY_CONFIG": county_file(tmp_path / "county.json", quiet_hours=None,
                                              rules={"screening_report_day": None})}
    mediation, reporting = start_service("mediation", **env), start_service("reporting", **env)
    subjects = lambda events: [e["alert"]["subject"]["id"] for e in events]  # noqa: E731
    connected = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        reading = pool.submit(sse, reporting, token, None, lambda seen: len(seen) == 1, connected)
        assert connected.wait(10)  # without Last-Event-ID the stream starts at what is newest when it connects
        first = register(mediation, token, people=9)
        (got,) = reading.result(timeout=20)
    assert subjects([got]) == [first]
    second = register(mediation, token, people=9)  # while the client is away
    wait_until(lambda: len(alerts(reporting, token)) == 2)
    missed = sse(reporting, token, got["id"], lambda seen: len(seen) >= 1)
    assert subjects(missed) == [second]
    reporting.stop(kill=True)
    third, fourth = register(mediation, token, people=9), register(mediation, token, people=9)
    restarted = start_service("reporting", **env)
    wait_until(lambda: len(alerts(restarted, token)) == 4, timeout=30)
    assert sorted(a["subject"]["id"] for a in alerts(restarted, token)) == sorted([first, second, third, fourth])
    resumed = sse(restarted, token, missed[-1]["id"], lambda seen: len(seen) >= 2)
    assert sorted(subjects(resumed)) == sorted([third, fourth])  # consumed after the restart, in either order
    bus = secured_nats.operator_url
    raised = wait_until(lambda: got if sum((got := asyncio.run(_raised_on_the_bus(bus))).values()) == 4 else None)
    assert sorted(raised.values()) == [1, 1, 1, 1]
