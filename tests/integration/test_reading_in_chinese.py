"""Through HTTP on the real stack (NATS, SQLite and PostgreSQL): codes carry Chinese labels, alert titles
and problems are Chinese unless the reader asks for English, times show the county's offset, and the
county's townships and villages are listable."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from fazhi.clock import FixedClock
from tests.integration.test_alerts_support import T0, major_dispute, publish, ready, wait_until

DISPUTE = {"level": "village", "village": "v01", "source": "walk_in", "category": "labour_wages",
           "parties": [{"name": "张三"}], "people_involved": 8, "amount": "64000", "description": "砖厂欠薪",
           "risk_flags": ["mass"]}


@pytest.fixture
def mediation(api_for):
    return api_for("mediation", clock=FixedClock(T0))


def test_a_dispute_carries_the_label_of_every_code_and_local_times(mediation):
    headers = mediation.headers("houtai", roles=("mediator",))
    created = mediation.client.post("/v1/townships/houtai/disputes", json=DISPUTE, headers=headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["category_label"], body["status_label"], body["source_label"]) == ("劳动争议、欠薪", "已登记", "来访")
    assert (body["level_label"], body["severity_label"]) == ("村人民调解委员会", "重大矛盾纠纷")
    assert body["risk_flags_labels"] == ["群体性"]
    assert body["severity_reasons_labels"] == ["涉及人数达到重大标准", "群体性"]
    listed = mediation.client.get("/v1/townships/houtai/disputes", headers=headers).json()["items"]
    assert listed[0]["category_label"] == "劳动争议、欠薪"
    history = mediation.client.get(f"/v1/townships/houtai/disputes/{body['id']}/events", headers=headers).json()
    occurred = history["items"][0]["occurred_at"]
    assert occurred.endswith("+08:00") and datetime.fromisoformat(occurred) == T0  # the same instant, shown locally
    assert history["items"][0]["data"]["registered_at"].endswith("+08:00")


def test_problems_are_chinese_unless_english_is_asked_for_and_an_unknown_language_is_chinese(mediation):
    headers = mediation.headers("houtai", roles=("mediator",))
    url = "/v1/townships/houtai/disputes/nope"
    assert mediation.client.get(url, headers=headers).json()["title"] == "未找到"
    assert mediation.client.get(url, headers={**headers, "Accept-Language": "tlh, fr;q=0.9"}).json()["title"] == "未找到"
    assert mediation.client.get(url, headers={**headers, "Accept-Language": "en-GB"}).json()["title"] == "Not found"
    bad = mediation.client.post("/v1/townships/houtai/disputes", json={**DISPUTE, "people_involved": 0},
                                headers=headers)
    assert bad.status_code == 422 and bad.json()["field"] == "people_involved"
    assert bad.json()["detail"].startswith("people_involved 无效：应大于或等于 1")
    english = mediation.client.post("/v1/townships/houtai/disputes", json={**DISPUTE, "people_involved": 0},
                                    headers={**headers, "Accept-Language": "en"}).json()
    assert english["title"] == "Invalid input" and "greater than or equal to 1" in english["detail"]


def test_townships_and_villages_are_listable_and_an_unknown_township_is_a_404(mediation):
    townships = mediation.client.get("/v1/townships").json()
    assert townships["county"] == {"code": "suixian", "name": "睢县"}
    assert {"code": "houtai", "name": "后台乡"} in [{"code": t["code"], "name": t["name"]} for t in townships["items"]]
    villages = mediation.client.get("/v1/townships/houtai/villages").json()
    assert villages["township"]["name"] == "后台乡" and villages["items"][0]["code"] == "v01"
    unknown = mediation.client.get("/v1/townships/atlantis/villages")
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"
    assert unknown.json()["title"] == "未知乡镇"
    dictionary = mediation.client.get("/v1/dictionary").json()["dictionaries"]
    assert {"code": "labour_wages", "label": "劳动争议、欠薪"} in dictionary["category"]


def test_an_alert_reads_in_chinese_with_labels_and_in_english_when_asked(api_for, nats_server):
    api = ready(api_for("reporting", clock=FixedClock(T0)))
    case, events = major_dispute()
    publish(nats_server.url, events)
    headers = api.headers(county=True, roles=("county_supervisor",))
    alert = wait_until(lambda: next(iter(api.client.get("/v1/alerts", headers=headers).json()["items"]), None))
    assert alert["title"].startswith("重大矛盾纠纷：涉及人数达到重大标准")
    assert (alert["rule_label"], alert["level_label"], alert["status_label"]) == ("重大矛盾纠纷", "乡镇级", "待处理")
    assert alert["raised_at"].endswith("+08:00")
    assert datetime.fromisoformat(alert["ack_due_at"]) - datetime.fromisoformat(alert["raised_at"]) == \
        timedelta(minutes=120)
    english = api.client.get(f"/v1/townships/houtai/alerts/{alert['id']}",
                             headers={**api.headers("houtai"), "Accept-Language": "en"}).json()
    assert english["title"].startswith("major dispute: people_involved")
    assert english["rule_label"] == "重大矛盾纠纷"  # labels are the dictionary's, whatever the language
