"""Historical ledgers come in from .xlsx, on real SQLite and PostgreSQL with a real NATS: a dry run lists
every row's errors by row and column, a real run is all or nothing, the same file twice adds nothing,
imported cases keep their numbers and dates, and later cases are numbered past them."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime

from openpyxl import Workbook, load_workbook

from fazhi.clock import FixedClock

CLOCK = FixedClock(datetime(2026, 3, 12, 2, tzinfo=UTC))
DISPUTES = "/v1/townships/houtai/disputes"
GOOD_ID, BAD_ID = "11010519491231002X", "110105194912310021"
HEAD = ["案号", "收到日期", "登记日期", "调解组织", "村（社区）", "来源", "纠纷类别", "当事人", "身份证号", "涉及人数",
        "涉案金额（元）", "简要情况", "纠纷等级"]


def dispute_rows() -> list[list]:
    return [
        ["（2025）后调字第7号", datetime(2025, 1, 6), "2025-01-08", "村人民调解委员会", "示范一村", "排查发现",
         "邻里纠纷", "张三、李四", f"{GOOD_ID}、", 2, 3000, "院墙越界", "一般纠纷"],
        ["（2026）后调字第5号", "2026/2/3", None, "乡镇人民调解委员会", None, "当事人申请", "劳动争议、欠薪",
         "王五", None, None, "12,500.50", "拖欠工资", None],
        ["（2026）后调字第3号", "2026年2月1日", "2026-02-02", "村人民调解委员会", "v02", "来访", "合同纠纷",
         "赵六、钱七", None, 3, None, "买卖合同", None],
    ]


def xlsx(rows: list[list], head: list[str] = HEAD) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(api, content: bytes, *, dry_run: bool, name: str = "2025年台账.xlsx") -> dict:
    response = api.client.post(f"{DISPUTES}/import?dry_run={str(dry_run).lower()}",
                               files={"file": (name, content, "application/octet-stream")},
                               headers=api.headers("houtai", roles=("mediation_officer",)))
    assert response.status_code == 202, response.text
    location = response.headers["Location"]
    for _ in range(200):
        job = api.client.get(location, headers=api.headers("houtai", roles=("mediator",))).json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"the import did not finish: {job}")


def listed(api) -> list[dict]:
    response = api.client.get(f"{DISPUTES}?sort=received&limit=200", headers=api.headers("houtai", roles=("mediator",)))
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_a_dry_run_lists_every_rows_errors_by_row_and_column_in_chinese(api_for):
    api = api_for("mediation", clock=CLOCK)
    bad = dispute_rows()
    bad[0][1] = "2025-13-40"  # no such date
    bad[1][6] = "吵架纠纷"  # no such category
    bad[2][8] = BAD_ID  # check digit wrong
    bad.append(["（2026）后调字第3号", "2026-02-01", None, "村人民调解委员会", "v02", "来访", "合同纠纷", "孙八",
                None, None, None, "又一件", None])  # the number of row 4 again
    bad.append(["（2026）后调字第9号", "2026-02-01", None, "村人民调解委员会", "v02", "来访", "合同纠纷", None,
                None, None, None, "没有当事人", None])  # a required cell empty
    job = upload(api, xlsx(bad), dry_run=True)
    assert job["status"] == "failed" and (job["total"], job["done"]) == (5, 5)
    found = {(e["row"], e["column"]): e["message"] for e in job["errors"]}
    assert set(found) == {(2, "收到日期"), (3, "纠纷类别"), (4, "身份证号"), (5, "案号"), (6, "当事人")}
    assert "日期无法识别" in found[(2, "收到日期")] and "吵架纠纷" in found[(3, "纠纷类别")]
    assert "校验位" in found[(4, "身份证号")] and BAD_ID not in found[(4, "身份证号")]  # the number itself masked
    assert "第 4 行重复" in found[(5, "案号")] and found[(6, "当事人")] == "必填项为空"
    assert job["ignored_columns"] == ["纠纷等级"]
    assert listed(api) == []


def test_a_ledger_comes_in_whole_or_not_at_all_once_and_later_cases_are_numbered_past_it(api_for):
    api = api_for("mediation", clock=CLOCK)
    rows = dispute_rows()
    rows[2][8] = BAD_ID
    broken = upload(api, xlsx(rows), dry_run=True)
    assert [(e["row"], e["column"]) for e in broken["errors"]] == [(4, "身份证号")]
    real = upload(api, xlsx(rows), dry_run=False)
    assert real["status"] == "failed" and real["imported"] == 0 and listed(api) == []  # nothing stored

    rows[2][8] = None  # fixed
    fixed = xlsx(rows)
    assert upload(api, fixed, dry_run=True)["status"] == "succeeded" and listed(api) == []  # a dry run writes nothing
    done = upload(api, fixed, dry_run=False)
    assert (done["status"], done["imported"], done["already_imported"], done["done"]) == ("succeeded", 3, 0, 3)
    cases = listed(api)
    assert [(c["case_number"], c["received_on"], c["registered_on"]) for c in cases] == [
        ("（2025）后调字第7号", "2025-01-06", "2025-01-08"),  # more than a year back: import is the exception
        ("（2026）后调字第3号", "2026-02-01", "2026-02-02"),
        ("（2026）后调字第5号", "2026-02-03", "2026-02-03"),
    ]
    first = cases[0]
    assert [p["name"] for p in first["parties"]] == ["张三", "李四"] and first["parties"][0]["id_number"] == GOOD_ID
    assert cases[2]["amount"] == "12500.50" and cases[2]["people_involved"] == 1 and cases[2]["level"] == "township"
    history = api.client.get(f"{DISPUTES}/{first['id']}/events", headers=api.headers("houtai", roles=("mediator",)))
    mark = history.json()["items"][0]["imported"]
    assert (mark["file"], mark["row"], mark["by"], mark["job"]) == ("2025年台账.xlsx", 2, "tester", done["id"])

    again = upload(api, fixed, dry_run=False)
    assert (again["status"], again["imported"], again["already_imported"]) == ("succeeded", 0, 3)
    assert len(listed(api)) == 3  # no duplicates

    new = api.client.post(DISPUTES, json={
        "level": "village", "village": "v01", "source": "application", "category": "neighbours",
        "parties": [{"name": "周九"}], "people_involved": 1, "description": "新登记"},
        headers=api.headers("houtai", roles=("mediator",)))
    assert new.status_code == 201, new.text
    assert new.json()["case_number"] == "（2026）后调字第6号"  # past the imported 3 and 5, not 1


def test_a_number_another_case_has_is_refused_and_the_template_has_every_column(api_for):
    api = api_for("mediation", clock=CLOCK)
    new = api.client.post(DISPUTES, json={
        "level": "village", "village": "v01", "source": "application", "category": "neighbours",
        "parties": [{"name": "周九"}], "people_involved": 1, "description": "新登记"},
        headers=api.headers("houtai", roles=("mediator",)))
    assert new.json()["case_number"] == "（2026）后调字第1号"
    rows = dispute_rows()
    rows[1][0] = "（2026）后调字第1号"
    job = upload(api, xlsx(rows), dry_run=False)
    assert job["status"] == "failed" and [(e["row"], e["column"]) for e in job["errors"]] == [(3, "案号")]
    assert len(listed(api)) == 1

    template = api.client.get(f"{DISPUTES}/import/template", headers=api.headers("houtai", roles=("mediator",)))
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.content))
    headings = [c.value for c in book.worksheets[0][1]]
    assert headings[:3] == ["案号", "收到日期", "登记日期"] and "纠纷类别" in headings
    assert book.worksheets[1]["A1"].value == "列名"
    assert upload(api, template.content, dry_run=True)["total"] == 0  # the blank template itself reads

    county = api.client.post(f"{DISPUTES}/import", files={"file": ("x.xlsx", xlsx(rows))},
                             headers=api.headers("zhoutang", roles=("county_supervisor",), county=True))
    assert county.status_code == 403
    not_xlsx = api.client.post(f"{DISPUTES}/import", files={"file": ("x.xlsx", b"name,date\n")},
                               headers=api.headers("houtai", roles=("mediator",)))
    assert not_xlsx.status_code == 422 and not_xlsx.json()["field"] == "file"


PETITIONS = "/v1/townships/houtai/petitions"
PETITION_HEAD = ["案号", "收到日期", "登记日期", "信访形式", "信访人", "身份证号", "代表人", "人数", "村（社区）",
                 "信访事项", "诉求", "是否越级"]


def test_a_petition_ledger_comes_in_once_with_its_numbers_dates_and_groups(api_for):
    api = api_for("petition", clock=CLOCK)
    officer = api.headers("houtai", roles=("petition_officer",))
    rows = [
        ["（2026）后信字第4号", "2026-01-05", "2026-01-06", "来访", "甲、乙、丙", None, "甲", 12, "示范一村",
         "土地补偿", "补偿占地款；公开账目", "否"],
        ["（2024）后信字第2号", "2024-06-01", None, "来信", "丁", "11010519491231002X", None, None, None,
         "低保资格", "恢复低保", "是"],
        ["（2026）后信字第2号", "2026-02-30", None, "来电", "戊", None, "戊、己、庚、辛、壬、癸", None, None,
         "噪音", "停工", "否"],  # no 30 February; six representatives
    ]

    def run(content: bytes, dry_run: bool) -> dict:
        response = api.client.post(f"{PETITIONS}/import?dry_run={str(dry_run).lower()}", headers=officer,
                                   files={"file": ("信访台账.xlsx", content)})
        assert response.status_code == 202, response.text
        for _ in range(200):
            job = api.client.get(response.headers["Location"], headers=officer).json()
            if job["status"] in ("succeeded", "failed"):
                return job
            time.sleep(0.05)
        raise AssertionError(job)

    broken = run(xlsx(rows, PETITION_HEAD), dry_run=False)
    assert sorted((e["row"], e["column"]) for e in broken["errors"]) == [(4, "代表人"), (4, "收到日期")]
    listing = lambda: api.client.get(f"{PETITIONS}?sort=received", headers=officer).json()
    assert listing()["total"] == 0
    rows[2][1], rows[2][6] = "2026-02-03", None
    done = run(xlsx(rows, PETITION_HEAD), dry_run=False)
    assert (done["status"], done["imported"]) == ("succeeded", 3), done
    cases = listing()["items"]
    assert [(c["case_number"], c["received_on"]) for c in cases] == [
        ("（2024）后信字第2号", "2024-06-01"), ("（2026）后信字第4号", "2026-01-05"), ("（2026）后信字第2号", "2026-02-03")]
    group = cases[1]
    assert (group["group_size"], group["group_visit"], group["registered_on"]) == (12, True, "2026-01-06")
    assert group["claims"] == ["补偿占地款", "公开账目"] and cases[0]["bypassed_level"] is True
    history = api.client.get(f"{PETITIONS}/{group['id']}/events", headers=officer).json()
    assert history["items"][0]["imported"]["file"] == "信访台账.xlsx"
    assert run(xlsx(rows, PETITION_HEAD), dry_run=False)["already_imported"] == 3 and listing()["total"] == 3
    new = api.client.post(PETITIONS, headers=officer, json={
        "channel": "letter", "petitioners": [{"name": "张三"}], "subject": "路灯", "claims": ["修路灯"]})
    assert new.status_code == 201, new.text
    assert new.json()["case_number"] == "（2026）后信字第5号"


REQUESTS = "/v1/townships/houtai/requests"
REQUEST_HEAD = ["案号", "收到日期", "申请方式", "申请人", "申请人类型", "法人或其他组织类型", "身份证号",
                "统一社会信用代码", "申请内容"]


def test_a_disclosure_ledger_comes_in_once_with_its_reply_clocks_from_the_original_receipt(api_for):
    api = api_for("disclosure", clock=CLOCK)
    officer = api.headers("houtai", roles=("disclosure_officer",))
    rows = [
        ["（2026）后依申字第8号", "2026-02-02", "邮寄", "张三", "自然人", None, "11010519491231002X", None, "低保名单"],
        ["（2025）后依申字第3号", "2025-02-10", "互联网渠道", "某某科技公司", "法人或其他组织", None, None,
         "91110000ABCDEFGHI", "招标文件"],  # no organisation type; a 17-character code
    ]

    def run(content: bytes) -> dict:
        response = api.client.post(f"{REQUESTS}/import", headers=officer, files={"file": ("公开台账.xlsx", content)})
        assert response.status_code == 202, response.text
        for _ in range(200):
            job = api.client.get(response.headers["Location"], headers=officer).json()
            if job["status"] in ("succeeded", "failed"):
                return job
            time.sleep(0.05)
        raise AssertionError(job)

    broken = run(xlsx(rows, REQUEST_HEAD))
    assert sorted((e["row"], e["column"]) for e in broken["errors"]) == [(3, "法人或其他组织类型"), (3, "统一社会信用代码")]
    rows[1][5], rows[1][7] = "商业企业", "91110000MA01ABCD2X"
    done = run(xlsx(rows, REQUEST_HEAD))
    assert done["imported"] == 2, (done["errors"], done["status"])
    items = api.client.get(f"{REQUESTS}?sort=received", headers=officer).json()["items"]
    assert [(i["case_number"], i["received_on"], i["applicant_type"]) for i in items] == [
        ("（2025）后依申字第3号", "2025-02-10", "legal_person"), ("（2026）后依申字第8号", "2026-02-02", "natural_person")]
    assert items[0]["overdue"] is True  # its 20 working days ran out long ago: the desk records its answer
    overdue = api.client.get(f"{REQUESTS}/export?overdue=true&sort=due&format=csv", headers=officer)
    lines = overdue.content.decode("utf-8-sig").splitlines()  # the desk's deadline list: what is overdue
    assert len(lines) == 3 and lines[1].startswith("（2025）后依申字第3号,2025-02-10")  # earliest due first
    store = api.client.app.state.runtime.store
    history = api.client.portal.call(store.read_stream, items[1]["id"])
    assert history[0].metadata["imported"]["file"] == "公开台账.xlsx"
    assert run(xlsx(rows, REQUEST_HEAD))["already_imported"] == 2
    new = api.client.post(REQUESTS, headers=officer, json={
        "channel": "in_person", "applicant_type": "natural_person", "applicant": {"name": "李四"},
        "information_sought": "预算", "received_on": "2026-03-12"})
    assert new.status_code == 201, new.text
    assert new.json()["case_number"] == "（2026）后依申字第9号"


def test_a_long_ledger_shows_its_progress_and_an_oversized_file_is_refused(api_for):
    api = api_for("mediation", clock=CLOCK)
    rows = [[f"旧台账-{n}", "2025-06-01", None, "村人民调解委员会", "示范一村", "排查发现", "邻里纠纷", f"当事人{n}",
             None, None, None, "历史纠纷", None] for n in range(1500)]
    response = api.client.post(f"{DISPUTES}/import", files={"file": ("long.xlsx", xlsx(rows))},
                               headers=api.headers("houtai", roles=("mediator",)))
    assert response.status_code == 202
    seen = [response.json()]
    while seen[-1]["status"] not in ("succeeded", "failed"):
        time.sleep(0.02)
        seen.append(api.client.get(response.headers["Location"], headers=api.headers("houtai", roles=("mediator",))).json())
    assert seen[-1]["status"] == "succeeded" and seen[-1]["imported"] == 1500, seen[-1]["errors"][:3]
    checked = [job["done"] for job in seen if job["status"] == "checking"]
    assert checked == sorted(checked) and all(0 <= d <= 1500 for d in checked)  # rows checked, chunk by chunk
    assert (seen[-1]["done"], seen[-1]["total"]) == (1500, 1500)
    total = api.client.get(f"{DISPUTES}?limit=1", headers=api.headers("houtai", roles=("leader",))).json()["total"]
    assert total == 1500

    too_big = api.client.post(f"{DISPUTES}/import", files={"file": ("big.xlsx", b"PK" + b"\0" * (10 * 2**20))},
                              headers=api.headers("houtai", roles=("mediator",)))
    assert too_big.status_code == 413 and too_big.json()["field"] == "file"
