"""Real processes: the three desks' HTTP APIs feed reporting's statistics and reports through NATS."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import httpx

from fazhi.auth import issue_token, load_or_create_signing_key
from fazhi.clock import Clock
from fazhi.county import load_county
from fazhi.demo import Year, fill


def client(service, data_dir: Path, **token: object) -> httpx.Client:  # type: ignore[no-untyped-def]
    key = load_or_create_signing_key(data_dir / "keys" / "signing-key.json")
    bearer = issue_token(key, subject="clerk", roles=["admin"], ttl=timedelta(minutes=10), **token)
    return httpx.Client(base_url=service.url, headers={"Authorization": f"Bearer {bearer}"}, timeout=10)


def ok(response: httpx.Response) -> dict:
    assert response.status_code < 300, response.text
    return response.json()


def test_cases_driven_through_the_desks_show_in_reporting_statistics_and_reports(start_service, service_env):
    services = {name: start_service(name) for name in ("mediation", "disclosure", "petition", "reporting")}
    data = Path(service_env["FAZHI_DATA_DIR"])
    desks = {name: client(s, data, townships=["houtai"]) for name, s in services.items()}
    today, base = Clock().today(), "/v1/townships/houtai"

    dispute = ok(desks["mediation"].post(f"{base}/disputes", json={
        "level": "village", "village": "v01", "source": "walk_in", "category": "neighbours",
        "parties": [{"name": "张三"}, {"name": "李四"}], "people_involved": 2, "description": "宅基地边界"}))
    for verb, body in (("accept", None), ("assign", {"mediator": "王调解"}), ("record-session", {"summary": "面谈"}),
                       ("agree", {"form": "oral", "oral_content": "拆除越界部分",
                                  "performance_deadline": (today + timedelta(days=10)).isoformat()})):
        ok(desks["mediation"].post(f"{base}/disputes/{dispute['id']}/{verb}", json=body))
    request = ok(desks["disclosure"].post(f"{base}/requests", json={
        "channel": "in_person", "applicant_type": "natural_person", "applicant": {"name": "赵六"},
        "information_sought": "低保名单", "received_on": today.isoformat()}))
    ok(desks["disclosure"].post(f"{base}/requests/{request['id']}/answer", json={"outcome": "granted"}))
    petition = ok(desks["petition"].post(f"{base}/petitions", json={
        "channel": "visit", "petitioners": [{"name": "钱七"}], "subject": "道路", "claims": ["修路"],
        "bypassed_level": False, "village": "v02"}))
    ok(desks["petition"].post(f"{base}/petitions/{petition['id']}/decide-acceptance", json={"decision": "accept"}))

    reporting = desks["reporting"]
    deadline = time.monotonic() + 30
    while True:
        stats = ok(reporting.get(f"{base}/statistics", params={"year": today.year}))
        seen = (stats["mediation"]["disputes"]["agreed_in_village"], stats["disclosure"]["applications"]["concluded"],
                stats["petition"]["cases"]["accepted"])
        if seen == (1, 1, 1) or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert seen == (1, 1, 1)
    assert stats["villages"]["rows"][0]["agreed_in_village"] == 1
    report = ok(reporting.get(f"{base}/reports/disclosure/{today.year}"))
    assert report["figures"]["disclosure"]["table_three"]["outcomes"]["granted"]["natural_person"] == 1
    assert report["check_holds"]
    county = client(services["reporting"], data, county=True)
    assert ok(county.get("/v1/county/statistics", params={"year": today.year}))["townships"][0]["disputes_agreed"] == 1
    # Rebuilt from the three streams, through what reporting's NATS user may do (ephemeral ordered consumers).
    rebuilt = ok(county.post("/v1/admin/projections/rebuild"))
    assert all(rebuilt["rebuilt"]["facts"][p] >= 1 for p in ("mediation", "disclosure", "petition")), rebuilt
    stats = ok(reporting.get(f"{base}/statistics", params={"year": today.year}))
    assert (stats["mediation"]["disputes"]["agreed_in_village"], stats["disclosure"]["applications"]["concluded"],
            stats["petition"]["cases"]["accepted"]) == (1, 1, 1)


def test_the_demo_fills_the_running_services_through_their_apis_without_a_refusal(start_service, service_env):
    services = {name: start_service(name) for name in ("mediation", "disclosure", "petition", "reporting")}
    data = Path(service_env["FAZHI_DATA_DIR"])
    key = load_or_create_signing_key(data / "keys" / "signing-key.json")
    token = issue_token(key, subject="demo", county=True, roles=["admin"], ttl=timedelta(minutes=10))
    today = Clock().today()
    year = Year(load_county(), seed=7, scale=0.05, today=today).build()
    result = fill(year, {name: s.url for name, s in services.items()}, token, lambda label: None)
    assert (result.refused, result.already, result.ran) == ([], 0, len(year.cases))
    again = fill(Year(load_county(), seed=7, scale=0.05, today=today).build(),
                 {name: s.url for name, s in services.items()}, token, lambda label: None)
    assert again.refused == []  # the same seed again: nothing new, nothing refused
    county = client(services["reporting"], data, county=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        stats = ok(county.get("/v1/county/statistics", params={"year": today.year}))
        if stats["mediation"]["disputes"]["registered"] == sum(1 for _, label, _ in year.cases if label == "dispute"):
            break
        time.sleep(0.3)
    assert stats["mediation"]["disputes"]["registered"] == sum(1 for _, label, _ in year.cases if label == "dispute")
    assert stats["work_records"]["publicity"]["activities"] == 12 * len(load_county().townships)
    requests = stats["disclosure"]["table_three"]
    assert requests["carried_over"]["total"] >= 1 and requests["check_holds"]  # received last December
