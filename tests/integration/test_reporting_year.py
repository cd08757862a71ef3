"""A generated year of the demo county through real NATS into the reporting service (SQLite and PostgreSQL).

The producers' events are published to their real streams, some twice under another Nats-Msg-Id (a
redelivery no duplicate window catches); the figures and reports must match what is counted straight
from the generated plans, and a rebuild from the streams must give the same output.
"""

from __future__ import annotations

import asyncio
import csv
import io
import time
from datetime import datetime
from typing import Any

import docx
import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from fazhi.auth import issue_token, load_or_create_signing_key
from fazhi.bus import connect, ensure_stream, stream_name
from fazhi.clock import CHINA, FixedClock
from fazhi.county import load_county
from fazhi.natsserver import NatsServer
from fazhi.settings import Settings
from fazhi.store.tables import tracking
from services.reporting.app import build
from tests.conftest import _create_postgres_database, _drop_postgres_database
from tests.integration import test_reporting_year_expected as expected
from tests.integration.test_reporting_year_data import TODAY, YEAR, Year
from tests.integration.test_reporting_year_world import generate

COUNTY = load_county()
PRODUCERS = ("mediation", "disclosure", "petition")
AGAIN_EVERY = 7  # every 7th event goes out a second time under another Nats-Msg-Id


class World:
    """The reporting app (in this process) fed with the generated year through a real NATS server."""

    def __init__(self, client: TestClient, settings: Settings, year: Year) -> None:
        self.client, self.settings, self.year = client, settings, year
        self.key = load_or_create_signing_key(settings.signing_key_path)
        self.republished = 0
        self.on_stream: dict[str, int] = {}

    def headers(self, township: str, roles: tuple[str, ...] = ("reporter",), county: bool = False) -> dict[str, str]:
        token = issue_token(self.key, subject="tester", townships=[township], county=county, roles=list(roles))
        return {"Authorization": f"Bearer {token}"}

    def get(self, path: str, township: str = "houtai", county: bool = False) -> Any:
        roles = ("county_supervisor",) if county else ("reporter",)
        response = self.client.get(path, headers=self.headers(township, roles, county))
        assert response.status_code == 200, response.text
        return response.json()

    def tracked_events(self) -> int:
        async def count() -> int:
            engine = create_async_engine(self.settings.database)
            async with engine.connect() as conn:
                query = select(func.count()).select_from(tracking).where(tracking.c.consumer.like("reporting-%"))
                value = await conn.scalar(query)
            await engine.dispose()
            return int(value)
        return asyncio.run(count())

    async def publish(self) -> None:
        """Every event on its producer's stream; every seventh once more, as a relay crash long after would."""
        nc = await connect(self.settings.servers, "generator")
        js = nc.jetstream()
        for service in PRODUCERS:
            await ensure_stream(js, service)
        for n, event in enumerate(self.year.events):
            await js.publish(event.subject, event.to_json(masked=True), headers={"Nats-Msg-Id": event.event_id})
            if n % AGAIN_EVERY == 0:
                await js.publish(event.subject, event.to_json(masked=True), headers={"Nats-Msg-Id": f"again-{n}"})
                self.republished += 1
        self.on_stream = {s: (await js.stream_info(stream_name(s))).state.messages for s in PRODUCERS}
        await nc.close()

    async def drained(self) -> bool:
        """Whether the three durable consumers have every message acknowledged."""
        nc = await connect(self.settings.servers, "checker")
        js = nc.jetstream()
        try:
            for service in PRODUCERS:
                info = await js.consumer_info(stream_name(service), f"reporting-{service}")
                if info.num_pending or info.num_ack_pending or info.delivered.stream_seq < self.on_stream[service]:
                    return False
            return True
        except Exception:
            return False
        finally:
            await nc.close()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp(f"year-{request.param}")
    nats = NatsServer(tmp / "nats").start()
    url, name = (asyncio.run(_create_postgres_database()) if request.param == "postgres"
                 else (f"sqlite+aiosqlite:///{tmp}/reporting.db", None))
    settings = Settings(service="reporting", data_dir=tmp / "var", database_url=url, nats_urls=nats.url)
    clock = FixedClock(datetime.combine(TODAY, datetime.min.time(), CHINA).replace(hour=10))
    client = TestClient(build(settings, clock=clock), raise_server_exceptions=False)
    client.__enter__()
    world = World(client, settings, generate())
    try:
        asyncio.run(world.publish())
        deadline = time.monotonic() + 60
        while not asyncio.run(world.drained()):
            assert time.monotonic() < deadline, "the reporting consumers did not catch up in 60 s"
            time.sleep(0.2)
        yield world
    finally:
        client.__exit__(None, None, None)
        nats.stop()
        if name:
            asyncio.run(_drop_postgres_database(name))


def test_the_township_mediation_figures_match_the_generated_cases(world):
    for township in COUNTY.townships:
        stats = world.get(f"/v1/townships/{township.code}/statistics?year={YEAR}", township.code)
        m = stats["mediation"]
        figures = {**{k: m["disputes"][k] for k in ("registered", "major", "agreed", "agreed_in_village", "failed",
                                                    "escalated_to_county", "judicial_confirmations",
                                                    "follow_up_visits")},
                   "performed_in_full": m["disputes"]["performance"]["full"],
                   "screening_rounds": m["screening"]["rounds"], "zero_reports": m["screening"]["zero_reports"],
                   **{k: m["committees"][k] for k in ("committees", "village_committees", "full_time_mediators")}}
        assert figures == expected.mediation(world.year, township.code), township.code
        assert m["committees"]["network_levels"] == 2


def test_the_township_petition_and_disclosure_figures_match_the_generated_cases(world):
    for township in COUNTY.townships:
        stats = world.get(f"/v1/townships/{township.code}/statistics?year={YEAR}", township.code)
        want = expected.petition(world.year, township.code)
        c, r, s = stats["petition"]["cases"], stats["petition"]["receptions"], stats["petition"]["suggestions"]
        got = {**{k: c[k] for k in ("registered", "group_visits", "bypassed_level", "repeat", "accepted", "declined",
                                    "decided_on_time", "referred_to_mediation", "replied", "replied_on_time")},
               "by_channel": {k: v for k, v in c["by_channel"].items() if v},
               "unsatisfied": c["satisfaction"]["unsatisfied"], "reviews_requested": c["review"]["requested"],
               "receptions_held": r["held"], "joint_receptions": r["by_kind"]["joint"], "visitors": r["visitors"],
               "suggestions_answered": s["answered"], "suggestions_on_time": s["answered_on_time"]}
        assert got == want, township.code
        d, a = expected.disclosure(world.year, township.code), stats["disclosure"]
        assert {k: a["applications"][k] for k in ("concluded", "concluded_on_time", "unanswered_past_due")} == \
            {k: d[k] for k in ("concluded", "concluded_on_time", "unanswered_past_due")}
        assert {k: a["proactive"][k] for k in ("published", "published_on_time", "reviews_approved",
                                               "reviews_refused")} == \
            {k: d[k] for k in ("published", "published_on_time", "reviews_approved", "reviews_refused")}
        assert a["normative_documents"] == {k: d[k] for k in ("issued", "repealed", "in_force")}
        assert a["table_four"]["review"]["total"] == d["reviews_filed"]
        zero = expected.zero_petition_villages(world.year, township.code, [v.code for v in township.villages])
        assert stats["villages"]["three_zero"]["zero_petitions"] == zero


def table_rows(table: dict) -> dict[str, dict[str, int]]:
    rows = {k: table[k] for k in ("new", "carried_over", "concluded", "carried_forward")}
    return rows | {f"outcome:{o}": cells for o, cells in table["outcomes"].items() if cells["total"]}


def test_table_three_matches_every_cell_carries_requests_across_new_year_and_balances(world):
    for township in COUNTY.townships:
        report = world.get(f"/v1/townships/{township.code}/reports/disclosure/{YEAR}?format=json", township.code)
        table = report["figures"]["disclosure"]["table_three"]
        want = expected.table_three(world.year, township.code)
        assert {k: {c: v for c, v in cells.items()} for k, cells in table_rows(table).items()} == want
        assert table["carried_over"]["total"] >= 1 and table["carried_forward"]["total"] >= 2
        assert report["check_holds"] and all(table["check"].values())
        grid = report["sections"][2]["blocks"][1]["grid"]
        assert grid[3][0] == "一、本年新收政府信息公开申请数量" and grid[3][-1] == str(want["new"]["total"])
        assert grid[4][0] == "二、上年结转政府信息公开申请数量" and grid[4][-1] == str(want["carried_over"]["total"])
        assert grid[-1][0] == "四、结转下年度继续办理" and grid[-1][-1] == str(want["carried_forward"]["total"])
        assert grid[-2][1] == "（七）总计" and grid[-2][-1] == str(want["concluded"]["total"])


def test_the_county_figures_add_up_the_townships_and_compare_them(world):
    stats = world.get(f"/v1/county/statistics?year={YEAR}", county=True)
    assert stats["mediation"]["disputes"]["registered"] == expected.mediation(world.year, None)["registered"]
    assert stats["petition"]["cases"]["registered"] == expected.petition(world.year, None)["registered"]
    assert table_rows(stats["disclosure"]["table_three"]) == expected.table_three(world.year, None)
    rows = {row["township"]: row for row in stats["townships"]}
    assert set(rows) == {t.code for t in COUNTY.townships}
    assert sum(r["disputes_registered"] for r in rows.values()) == stats["mediation"]["disputes"]["registered"]
    report = world.get(f"/v1/county/reports/disclosure/{YEAR}?format=json", county=True)
    assert report["title"] == f"睢县各乡镇{YEAR}年政府信息公开工作情况汇总" and report["check_holds"]


def test_a_redelivered_event_is_counted_once(world):
    assert world.republished > 100  # published again under a new Nats-Msg-Id: the stream kept both copies
    assert world.tracked_events() == len(world.year.events)
    stats = world.get(f"/v1/townships/houtai/statistics?year={YEAR}", "houtai")
    assert stats["petition"]["receptions"]["visitors"] == expected.petition(world.year, "houtai")["visitors"]


def test_the_docx_report_opens_and_holds_the_template_tables(world):
    response = world.client.get(f"/v1/townships/houtai/reports/disclosure/{YEAR}?format=docx",
                                headers=world.headers("houtai"))
    assert response.status_code == 200
    assert response.headers["content-disposition"] == f'attachment; filename="disclosure-houtai-{YEAR}.docx"'
    document = docx.Document(io.BytesIO(response.content))
    assert [len(t.rows) for t in document.tables] == [14, 28, 4]
    assert document.tables[1].cell(3, 0).text == "一、本年新收政府信息公开申请数量"
    three = document.tables[1]
    assert three.cell(7, 1).text == three.cell(14, 1).text == "（三）不予公开"  # one cell merged down eight rows
    assert three.cell(5, 0).text == three.cell(26, 0).text == "三、本年度办理结果"
    assert three.cell(27, 0).text == "四、结转下年度继续办理"
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def test_the_rule_of_law_draft_reads_its_figures_and_merges_the_narrative(world):
    put = world.client.put(f"/v1/townships/houtai/reports/rule-of-law/{YEAR}/narratives/4",
                           json={"text": "明年继续推进法律顾问参与行政决策论证。"}, headers=world.headers("houtai"))
    assert put.status_code == 200, put.text
    text = world.client.get(f"/v1/townships/houtai/reports/rule-of-law/{YEAR}?format=md",
                            headers=world.headers("houtai")).text
    m = expected.mediation(world.year, "houtai")
    assert f"配置专职调解员{m['full_time_mediators']}名，形成二级调解网络结构" in text
    assert f"登记矛盾纠纷{m['registered']}件，调解成功{m['agreed']}件" in text
    assert "明年继续推进法律顾问参与行政决策论证。" in text
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## 一、主要举措和成效", "## 二、存在的不足和原因",
        "## 三、党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
        "## 四、下一年度推进法治政府建设的主要安排", "## 五、其他需要报告的情况"]
    html = world.client.get(f"/v1/townships/houtai/reports/rule-of-law/{YEAR}?format=html",
                            headers=world.headers("houtai"))
    assert html.headers["content-type"].startswith("text/html") and "<h2>四、下一年度推进法治政府建设的主要安排</h2>" in html.text


def test_rebuilding_from_the_streams_gives_identical_statistics_and_reports(world):
    paths = [f"/v1/county/statistics?year={YEAR}", f"/v1/county/reports/disclosure/{YEAR}",
             f"/v1/county/reports/rule-of-law/{YEAR}", f"/v1/townships/houtai/reports/rule-of-law/{YEAR}"]
    before = [world.get(path, "houtai", county=True) for path in paths]
    rebuilt = world.client.post("/v1/admin/projections/rebuild", headers=world.headers("houtai", roles=("admin",), county=True))
    assert rebuilt.status_code == 200, rebuilt.text
    assert rebuilt.json()["rebuilt"]["facts"] == world.on_stream  # every message went through the projector again
    assert [world.get(path, "houtai", county=True) for path in paths] == before
    assert world.tracked_events() == len(world.year.events)


# Spreadsheets a desk sends up, read back with openpyxl: headers, frozen rows, totals equal to the statistics.

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def fetch(world, path: str, township: str = "houtai", county: bool = False):  # type: ignore[no-untyped-def]
    response = world.client.get(path, headers=world.headers(township, county=county))
    assert response.status_code == 200, response.text
    return response


def sheet_of(response):
    assert response.headers["content-type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 1
    return book.worksheets[0]


def test_the_village_sheet_has_chinese_headers_frozen_and_totals_equal_to_the_statistics(world):
    stats = world.get(f"/v1/townships/houtai/statistics?year={YEAR}", "houtai")
    sheet = sheet_of(fetch(world, f"/v1/townships/houtai/statistics/villages/export?year={YEAR}"))
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["村（社区）", "登记矛盾纠纷", "村内调解成功"]
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"  # the header on every printed page
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows[:-1]] == [v["name"] for v in stats["villages"]["rows"]]
    total = rows[-1]
    assert total[0] == "合计"
    assert total[1] == sum(v["disputes_registered"] for v in stats["villages"]["rows"])
    assert all(isinstance(value, int) for value in total[1:])  # figures are numbers, so the sheet sums them


def test_the_county_sheet_compares_every_township(world):
    sheet = sheet_of(fetch(world, f"/v1/county/statistics/townships/export?year={YEAR}", county=True))
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names[:len(COUNTY.townships)] == [t.name for t in COUNTY.townships]
    for township, row in zip(COUNTY.townships, sheet.iter_rows(min_row=2, values_only=True), strict=False):
        stats = world.get(f"/v1/townships/{township.code}/statistics?year={YEAR}", township.code)
        assert row[1] == stats["mediation"]["disputes"]["registered"]


def test_the_disclosure_tables_balance_in_the_spreadsheet(world):
    response = fetch(world, f"/v1/townships/houtai/reports/disclosure/{YEAR}?format=xlsx")
    assert response.headers["content-disposition"] == f'attachment; filename="disclosure-houtai-{YEAR}.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 3  # tables 二, 三 and 四
    three = book.worksheets[1]

    def row(label: str) -> list[int]:
        for cells in three.iter_rows(values_only=True):
            if any(isinstance(v, str) and v.startswith(label) for v in cells[:3]):
                return [v for v in cells[3:] if isinstance(v, int)]
        raise AssertionError(f"no row {label}")

    new, carried, total, forward = row("一、本年新收"), row("二、上年结转"), row("（七）总计"), row("四、结转下年度")
    assert len(new) == 7 and sum(new) > 0
    assert [a + b for a, b in zip(new, carried, strict=True)] == [c + d for c, d in zip(total, forward, strict=True)]
    stats = world.get(f"/v1/townships/houtai/statistics?year={YEAR}", "houtai")
    assert new[-1] == stats["disclosure"]["table_three"]["new"]["total"]
    assert three.freeze_panes is not None and three.print_title_rows


def test_the_deadline_list_comes_as_csv_that_excel_reads_in_chinese(world):
    deadlines = world.get("/v1/townships/houtai/deadlines?within_days=30", "houtai")
    response = fetch(world, "/v1/townships/houtai/deadlines/export?within_days=30&format=csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["状态", "乡镇", "村"]
    assert len(rows) - 1 == len(deadlines["overdue"]) + len(deadlines["due_soon"])
    assert all(r[1] == "后台乡" for r in rows[1:])


@pytest.mark.parametrize("path", ["/v1/townships/zhoutang/statistics/villages/export",
                                  "/v1/townships/zhoutang/deadlines/export"])
def test_another_townships_spreadsheet_is_refused(world, path):
    assert world.client.get(path, headers=world.headers("houtai")).status_code == 403


def test_a_final_rule_of_law_report_waits_for_the_officials_text_then_prints_without_marks(world):
    path = f"/v1/townships/zhoutang/reports/rule-of-law/{YEAR}"
    refused = world.client.get(f"{path}?final=true", headers=world.headers("zhoutang"))
    assert refused.status_code == 409 and refused.headers["content-type"].startswith("application/problem+json")
    assert "第四部分" in refused.json()["detail"]
    put = world.client.put(f"{path}/narratives/4", json={"text": "（一）健全制度\n明年修订议事规则。"},
                           headers=world.headers("zhoutang"))
    assert put.status_code == 200, put.text
    final = world.client.get(f"{path}?final=true&format=docx", headers=world.headers("zhoutang"))
    assert final.status_code == 200
    document = docx.Document(io.BytesIO(final.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "草稿" not in text and "【" not in text and "需另行核实" not in text
    assert [p.style.name for p in document.paragraphs if p.text == "（一）健全制度"] == ["Heading 2"]


def test_table_two_figures_are_entered_once_corrected_with_if_match_and_fill_the_report(world):
    path = f"/v1/townships/chengguan/reports/disclosure/{YEAR}"
    headers = world.headers("chengguan")
    assert world.client.get(f"{path}/table-two", headers=headers).status_code == 404
    assert world.client.get(f"{path}?final=true", headers=headers).status_code == 409
    body = {"licences": 7, "penalties": 2, "enforcement": 0, "fees": "0.35", "source": "县行政审批局办件台账"}
    first = world.client.put(f"{path}/table-two", json=body, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["entered_by"] == "tester" and first.headers["etag"] == '"1"'
    unseen = world.client.put(f"{path}/table-two", json={**body, "penalties": 3}, headers=headers)
    assert unseen.status_code == 412  # a correction names the version it corrects
    corrected = world.client.put(f"{path}/table-two", json={**body, "penalties": 3},
                                 headers={**headers, "If-Match": '"1"'})
    assert corrected.status_code == 200 and corrected.json()["penalties"] == 3
    bad = world.client.put(f"{path}/table-two", json={**body, "licences": -1}, headers=headers)
    assert bad.status_code == 422 and "licences" in bad.text
    final = world.client.get(f"{path}?final=true&format=md", headers=headers)
    assert final.status_code == 200 and "| 行政处罚 | 3 |" in final.text and "—" not in final.text.split("三、")[0]


def test_the_disclosure_reports_officials_text_goes_where_they_place_it(world):
    path = f"/v1/townships/chengguan/reports/disclosure/{YEAR}"
    headers = world.headers("chengguan")
    put = world.client.put(f"{path}/narratives/1", json={"text": "（一）工作机制\n明确党政办负责。", "placement": "before"},
                           headers=headers)
    assert put.status_code == 200, put.text
    assert put.json()["heading"] == "总体情况" and put.json()["placement"] == "before"
    text = world.client.get(f"{path}?format=md", headers=headers).text
    overview = text.split("## 一、总体情况", 1)[1].split("## 二、", 1)[0]
    assert overview.index("明确党政办负责。") < overview.index("认真贯彻落实")
    assert world.client.put(f"{path}/narratives/7", json={"text": "x"}, headers=headers).status_code == 422
    listed = world.client.get(f"{path}/narratives", headers=headers).json()
    assert [i["section"] for i in listed["items"]] == [1, 2, 3, 4, 5, 6]
    rule_of_law = world.client.get(f"/v1/townships/chengguan/reports/rule-of-law/{YEAR}/narratives/1", headers=headers)
    assert rule_of_law.status_code == 404  # the two reports' texts are kept apart
