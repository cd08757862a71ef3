"""Each desk's case list as its 台账 (.xlsx and CSV), on real SQLite and PostgreSQL with a real NATS:
the list's filters over every page, Chinese headings and labels, dates as dates, people masked as the
list masks them for the reader."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook

from fazhi.clock import FixedClock
from tests.integration.test_disclosure_requests import APPLICATION
from tests.integration.test_mediation_api import dispute_body
from tests.integration.test_petition_cases_api import petition

CLOCK = FixedClock(datetime(2026, 3, 12, 2, tzinfo=UTC))


def sheet(response):
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    return book.active


def rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_the_dispute_ledger_is_every_page_of_the_filtered_list_with_dates_as_dates(api_for):
    api = api_for("mediation", clock=CLOCK)
    officer = api.headers("houtai", roles=("mediator",))
    for n in range(7):
        body = dispute_body(received_on=f"2026-03-0{n + 1}", category="neighbours" if n % 2 else "contract")
        assert api.client.post("/v1/townships/houtai/disputes", json=body, headers=officer).status_code == 201
    leader = api.headers("houtai", roles=("mediator",))  # the desk: sees the parties in full
    query = "category=contract&received_from=2026-03-02&sort=received"
    listed = api.client.get(f"/v1/townships/houtai/disputes?{query}&limit=1", headers=leader).json()
    ws = sheet(api.client.get(f"/v1/townships/houtai/disputes/export?{query}&format=xlsx", headers=leader))
    table = rows(ws)
    head = table[0]
    assert head[:8] == ["案号", "收到日期", "登记日期", "调解组织", "村（社区）", "来源", "纠纷类别", "当事人"]
    assert len(table) - 1 == listed["total"] == 3  # every page, not the one page the list gave
    received = [r[head.index("收到日期")] for r in table[1:]]
    assert received == [datetime(2026, 3, d) for d in (3, 5, 7)]  # real dates, in the list's order
    assert ws.cell(row=2, column=2).number_format == "yyyy-mm-dd"
    first = dict(zip(head, table[1]))
    assert first["纠纷类别"] == "合同纠纷" and first["来源"] == "当事人申请" and first["当事人"] == "张三、李四"
    assert first["案号"].startswith("（2026）后调字第") and first["涉及人数"] == 2 and first["是否逾期"] == "否"
    assert ws.freeze_panes == "A2" and ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.print_title_rows == "$1:$1"

    county = api.headers("zhoutang", roles=("county_supervisor",), county=True)
    masked = rows(sheet(api.client.get("/v1/townships/houtai/disputes/export", headers=county)))
    listed = api.client.get("/v1/townships/houtai/disputes", headers=county).json()["items"]
    shown = {item["case_number"]: "、".join(p["name"] for p in item["parties"]) for item in listed}
    assert len(masked) == 8 and all("张三" not in r[7] for r in masked[1:])
    assert {r[0]: r[7] for r in masked[1:]} == shown  # exactly as the list shows them to that reader
    refused = api.client.get("/v1/townships/houtai/disputes/export?name=张", headers=county)
    assert refused.status_code == 403  # the name filter only for those who see names

    as_csv = api.client.get(f"/v1/townships/houtai/disputes/export?{query}&format=csv", headers=leader)
    assert as_csv.headers["content-type"].startswith("text/csv") and as_csv.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert lines[0] == head and len(lines) == 4 and lines[1][1] == "2026-03-03"


def test_the_petition_ledger_labels_channels_and_masks_petitioners_for_the_county(api_for):
    api = api_for("petition", clock=CLOCK)
    officer = api.headers("houtai", roles=("petition_officer",))
    for channel in ("letter", "visit"):
        created = api.client.post("/v1/townships/houtai/petitions", json=petition(channel=channel), headers=officer)
        assert created.status_code == 201, created.text
    table = rows(sheet(api.client.get("/v1/townships/houtai/petitions/export?channel=visit", headers=officer)))
    head = table[0]
    row = dict(zip(head, table[1]))
    assert len(table) == 2 and row["信访形式"] == "来访" and row["信访人"] == "张三"
    assert row["收到日期"] == datetime(2026, 3, 12) and row["受理期限"].date() > date(2026, 3, 12)
    county = api.headers("zhoutang", roles=("county_supervisor",), county=True)
    masked = rows(sheet(api.client.get("/v1/townships/houtai/petitions/export", headers=county)))
    assert len(masked) == 3 and all(r[head.index("信访人")] != "张三" for r in masked[1:])


def test_the_disclosure_ledger_lists_applications_with_their_reply_deadline(api_for):
    api = api_for("disclosure", clock=CLOCK)
    officer = api.headers("houtai", roles=("disclosure_officer",))
    created = api.client.post("/v1/townships/houtai/requests", json={**APPLICATION, "received_on": "2026-03-10"},
                              headers=officer)
    assert created.status_code == 201, created.text
    table = rows(sheet(api.client.get("/v1/townships/houtai/requests/export", headers=officer)))
    row = dict(zip(table[0], table[1]))
    assert (row["申请人"], row["申请人类型"], row["申请方式"]) == ("张三", "自然人", "当面提交")
    assert row["收到日期"] == datetime(2026, 3, 10) and isinstance(row["答复期限"], datetime)
    assert row["案号"] == created.json()["case_number"]
