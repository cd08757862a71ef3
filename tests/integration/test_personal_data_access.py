"""Full personal data only for the case's own desk, each such answer in the access log; the county
auditor reads and exports that log; everyone else sees people masked (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from fazhi.auth import issue_token
from fazhi.clock import FixedClock

REQUESTS = "/v1/townships/houtai/requests"
LOG = "/v1/audit/access-log"
APPLICATION = {"channel": "in_person", "applicant_type": "natural_person",
               "applicant": {"name": "张三", "id_number": "110101199003074514", "phone": "138 1234 5678",
                             "address": "睢县后台乡张庄村3组12号"},
               "information_sought": "低保资金发放明细，联系电话 0370-1234567", "received_on": "2026-02-10"}
APPLICANT_FIELDS = ["applicant.address", "applicant.id_number", "applicant.name", "applicant.phone",
                    "information_sought"]


def token(api, subject: str, *roles: str, townships: tuple[str, ...] = ("houtai",), county: bool = False) -> dict:
    return {"Authorization": "Bearer " + issue_token(api.key, subject=subject, townships=list(townships),
                                                     county=county, roles=list(roles))}


@pytest.fixture
def disclosure(api_for):
    api = api_for("disclosure", clock=FixedClock(datetime.fromisoformat("2026-02-10T02:00:00+00:00")))
    api.officer = token(api, "officer-wang", "disclosure_officer")
    api.supervisor = token(api, "supervisor-li", "county_supervisor", townships=(), county=True)
    api.auditor = token(api, "auditor-zhao", "county_auditor", townships=(), county=True)
    return api


def log_rows(api, **filters) -> list[dict]:
    response = api.client.get(LOG, params=filters, headers=api.auditor)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def receive(api) -> dict:
    response = api.client.post(REQUESTS, json=APPLICATION, headers=api.officer)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_county_supervisor_sees_disclosure_applicants_masked_and_is_not_logged(disclosure):
    case = receive(disclosure)
    for body in (disclosure.client.get(REQUESTS, headers=disclosure.supervisor).json()["items"][0],
                 disclosure.client.get(f"{REQUESTS}/{case['id']}", headers=disclosure.supervisor).json()):
        assert body["applicant"] == {"name": "张*", "id_number": "110101********4514", "phone": "138 **** 5678",
                                     "address": "睢县后台乡********", "credit_code": None}
        assert body["information_sought"] == "低保资金发放明细，联系电话 0370-*****67"
        assert body["status"] == "processing" and body["due_on"] == case["due_on"]  # the rest as it is
    assert [r["subject"] for r in log_rows(disclosure, case=case["id"])] == ["officer-wang"]  # the receipt only


def test_a_leader_and_an_admin_of_the_county_see_the_township_masked_too(disclosure):
    case = receive(disclosure)
    leader = token(disclosure, "leader-sun", "leader")
    county_admin = token(disclosure, "admin-qian", "admin", townships=(), county=True)
    for who in (leader, county_admin):
        shown = disclosure.client.get(f"{REQUESTS}/{case['id']}", headers=who).json()
        assert shown["applicant"]["id_number"] == "110101********4514"


def test_the_own_township_desk_sees_full_values_and_each_answer_is_logged(disclosure):
    received = receive(disclosure)
    assert received["applicant"]["id_number"] == "110101199003074514"
    shown = disclosure.client.get(f"{REQUESTS}/{received['id']}", headers=disclosure.officer).json()
    assert shown["applicant"]["phone"] == "138 1234 5678" and shown["applicant"]["name"] == "张三"
    listed = disclosure.client.get(REQUESTS, headers=disclosure.officer).json()["items"]
    assert listed[0]["applicant"]["address"] == "睢县后台乡张庄村3组12号"
    rows = log_rows(disclosure, case=received["id"])
    assert [r["action"] for r in rows] == [f"GET {REQUESTS}", f"GET {REQUESTS}/{received['id']}", f"POST {REQUESTS}"]
    for row in rows:
        assert (row["subject"], row["roles"], row["township"], row["collection"], row["fields"]) == \
            ("officer-wang", ["disclosure_officer"], "houtai", "request", APPLICANT_FIELDS)
        assert row["at"] == "2026-02-10T10:00:00+08:00"  # in county time


def test_the_auditor_filters_by_township_case_subject_and_time_and_pages(disclosure):
    first, second = receive(disclosure), receive(disclosure)
    other = token(disclosure, "officer-zhou", "disclosure_officer")
    disclosure.client.get(f"{REQUESTS}/{first['id']}", headers=other)
    assert {r["case_id"] for r in log_rows(disclosure, subject="officer-zhou")} == {first["id"]}
    assert len(log_rows(disclosure, township="houtai")) == 3
    assert log_rows(disclosure, township="zhoutang") == []
    assert len(log_rows(disclosure, since="2026-02-10T10:00:00+08:00", until="2026-02-10T10:00:01+08:00")) == 3
    assert log_rows(disclosure, until="2026-02-10T10:00:00+08:00") == []
    page = disclosure.client.get(LOG, params={"limit": 2}, headers=disclosure.auditor).json()
    rest = disclosure.client.get(LOG, params={"limit": 2, "cursor": page["next_cursor"]},
                                 headers=disclosure.auditor).json()
    assert [r["case_id"] for r in page["items"] + rest["items"]] == [first["id"], second["id"], first["id"]]
    assert rest["next_cursor"] is None


def test_the_auditor_exports_the_log_as_csv(disclosure):
    case = receive(disclosure)
    response = disclosure.client.get(f"{LOG}.csv", params={"case": case["id"]}, headers=disclosure.auditor)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0] == ["id", "at", "subject", "roles", "township", "collection", "case_id", "fields", "action"]
    assert rows[1][2:] == ["officer-wang", "disclosure_officer", "houtai", "request", case["id"],
                           " ".join(APPLICANT_FIELDS), f"POST {REQUESTS}"]


@pytest.mark.parametrize("who", ["county_supervisor", "township_admin", "county_admin", "township_auditor"])
def test_no_one_but_the_county_auditor_reads_the_log(disclosure, who):
    headers = {
        "county_supervisor": token(disclosure, "s", "county_supervisor", townships=(), county=True),
        "township_admin": token(disclosure, "a", "admin"),
        "county_admin": token(disclosure, "a", "admin", townships=(), county=True),
        "township_auditor": token(disclosure, "x", "county_auditor"),
    }[who]
    for path in (LOG, f"{LOG}.csv"):
        response = disclosure.client.get(path, headers=headers)
        assert response.status_code == 403, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
    assert disclosure.client.get(LOG).status_code == 401


def test_a_time_without_an_offset_is_refused_naming_the_field(disclosure):
    response = disclosure.client.get(LOG, params={"since": "2026-02-10T10:00:00"}, headers=disclosure.auditor)
    assert response.status_code == 422 and "since" in response.text


def test_mediation_and_petition_mask_for_the_county_and_log_their_desks(api_for):
    mediation = api_for("mediation")
    desk = token(mediation, "mediator-wu", "mediation_officer")
    county = token(mediation, "supervisor-li", "county_supervisor", townships=(), county=True)
    auditor = token(mediation, "auditor-zhao", "county_auditor", townships=(), county=True)
    body = {"level": "township", "source": "walk_in", "category": "neighbours", "people_involved": 2,
            "parties": [{"name": "张三丰", "id_number": "11010519491231002X", "phone": "13812345678"}],
            "description": "邻里纠纷，电话 138-1234-5678", "risk_flags": []}
    created = mediation.client.post("/v1/townships/houtai/disputes", json=body, headers=desk)
    assert created.status_code == 201, created.text
    dispute = created.json()
    path = f"/v1/townships/houtai/disputes/{dispute['id']}"
    masked = mediation.client.get(path, headers=county).json()
    assert masked["parties"] == [{"name": "张**", "id_number": "110105********002X", "phone": "138****5678"}]
    assert masked["description"] == "邻里纠纷，电话 138-****-5678"
    history = mediation.client.get(f"{path}/events", headers=county).json()["items"]
    assert history[0]["data"]["parties"][0]["name"] == "张**"
    assert mediation.client.get(f"{path}/events", headers=desk).json()["items"][0]["data"]["parties"][0]["name"] == "张三丰"
    rows = mediation.client.get(LOG, params={"case": dispute["id"]}, headers=auditor).json()["items"]
    assert [(r["subject"], r["action"], r["fields"]) for r in rows] == [
        ("mediator-wu", f"GET {path}/events", ["description", "parties.id_number", "parties.name", "parties.phone"]),
        ("mediator-wu", "POST /v1/townships/houtai/disputes",
         ["description", "parties.id_number", "parties.name", "parties.phone"]),
    ]


def test_petition_masks_petitioners_for_the_county_and_logs_its_desk(api_for):
    petition = api_for("petition")
    desk = token(petition, "clerk-he", "petition_officer")
    county = token(petition, "supervisor-li", "county_supervisor", townships=(), county=True)
    auditor = token(petition, "auditor-zhao", "county_auditor", townships=(), county=True)
    body = {"channel": "letter", "petitioners": [{"name": "张三", "id_number": "110101199003074514",
                                                  "phone": "+86 138 1234 5678"}],
            "subject": "村道修路占地补偿", "claims": ["补偿占地款，身份证 110101 19900307 4514"], "village": "v03"}
    created = petition.client.post("/v1/townships/houtai/petitions", json=body, headers=desk)
    assert created.status_code == 201, created.text
    case = created.json()
    listed = petition.client.get("/v1/townships/houtai/petitions", headers=county).json()["items"][0]
    assert listed["petitioners"] == [{"name": "张*", "id_number": "110101********4514", "phone": "+86 138 **** 5678"}]
    assert listed["claims"] == ["补偿占地款，身份证 110101 ******** 4514"]
    rows = petition.client.get(LOG, params={"case": case["id"]}, headers=auditor).json()["items"]
    assert [(r["subject"], r["collection"], r["fields"]) for r in rows] == [
        ("clerk-he", "petition", ["claims", "petitioners.id_number", "petitioners.name", "petitioners.phone"])]


def test_full_values_are_not_sent_when_their_access_log_row_cannot_be_written(disclosure, database_url):
    import asyncio

    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    case = receive(disclosure)

    async def drop_the_log() -> None:
        engine = create_async_engine(database_url)
        async with engine.begin() as conn:
            await conn.execute(text("DROP TABLE access_log"))
        await engine.dispose()

    asyncio.run(drop_the_log())
    response = disclosure.client.get(f"{REQUESTS}/{case['id']}", headers=disclosure.officer)
    assert response.status_code == 500 and "110101199003074514" not in response.text
    masked = disclosure.client.get(f"{REQUESTS}/{case['id']}", headers=disclosure.supervisor)
    assert masked.status_code == 200  # a masked answer writes no row: it still goes out
