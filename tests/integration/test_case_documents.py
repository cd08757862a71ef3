"""Case documents over HTTP on SQLite and PostgreSQL: each desk's papers, filled from the case, in 公文 layout."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from fazhi.clock import FixedClock
from services.disclosure.contract import OUTCOME_LABELS, Outcome
from services.disclosure.documents import CATALOGUE, OUTCOME_TEXT, context
from services.templates_build import build
from tests.integration.docx_checks import laid_out, opened
from tests.integration.test_mediation_api import BASE as DISPUTES
from tests.integration.test_mediation_api import ID_NUMBER, dispute_body

AGREEMENT = {"form": "written", "facts": "院墙越界三十厘米", "points_in_dispute": "院墙由谁拆除",
             "responsibilities": "李四越界砌墙，应承担拆除责任",
             "terms": [{"content": "李四拆除越界院墙", "manner": "自行拆除并承担费用", "deadline": "2026-03-20"}],
             "performance_deadline": "2026-03-20", "signed": True}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC))


def _ok(response) -> dict:
    assert response.status_code in (200, 201), response.text
    return response.json()


class Desk:
    def __init__(self, api, base: str, role: str) -> None:
        self.api, self.base, self.desk = api, base, api.headers("houtai", roles=(role,))
        self.numbers: dict[str, str] = {}  # case id → case number, which every paper must carry

    def post(self, path: str, body: dict | None = None, headers: dict | None = None) -> dict:
        answer = _ok(self.api.client.post(f"{self.base}{path}", json=body, headers=headers or self.desk))
        if path == "":
            self.numbers[answer["id"]] = answer["case_number"]
        return answer

    def papers(self, id: str, headers: dict | None = None) -> dict[str, dict]:
        listed = _ok(self.api.client.get(f"{self.base}/{id}/documents", headers=headers or self.desk))
        return {item["kind"]: item for item in listed["items"]}

    def paper(self, id: str, kind: str, headers: dict | None = None):
        return self.api.client.get(f"{self.base}/{id}/documents/{kind}", headers=headers or self.desk)

    def text(self, id: str, kind: str, headers: dict | None = None) -> str:
        """The paper's text, laid out as an official document and numbered with the case number."""
        text = opened(self.paper(id, kind, headers))
        assert self.numbers[id] and self.numbers[id] in text, (kind, text)
        return text


def refused(response, why: str) -> None:
    problem = response.json()
    assert (response.status_code, response.headers["content-type"], problem["field"]) == (
        409, "application/problem+json", "status"), response.text
    assert why in problem["detail"], problem["detail"]


def test_a_dispute_issues_each_paper_when_its_state_allows_it_and_the_agreement_has_what_the_law_asks(api_for, clock):
    desk = Desk(api_for("mediation", clock=clock), DISPUTES, "mediation_officer")
    case = desk.post("", dispute_body())
    id, number = case["id"], case["case_number"]
    assert {k for k, p in desk.papers(id).items() if p["available"]} == set()
    assert desk.papers(id)["acceptance-notice"]["reason"] == "the dispute has not been accepted: it is registered"
    refused(desk.paper(id, "acceptance-notice"), "人民调解受理通知书 cannot be issued now")
    refused(desk.paper(id, "agreement"), "no agreement was reached")

    desk.post(f"/{id}/accept")
    notice = desk.paper(id, "acceptance-notice")
    text = opened(notice)
    assert number in text and "张三、李四：" in text and "后台乡" not in text.split("\n")[0]
    assert "2026年3月2日" in text and "示范一村人民调解委员会（印章）" in text
    assert quote(f"人民调解受理通知书{number}.docx") in notice.headers["content-disposition"]

    desk.post(f"/{id}/assign", {"mediator": "王调解"})
    desk.post(f"/{id}/record-session", {"summary": "双方陈述"})
    desk.post(f"/{id}/agree", AGREEMENT)
    assert {k for k, p in desk.papers(id).items() if p["available"]} == {
        "acceptance-notice", "agreement", "confirmation-application"}
    agreement = desk.text(id, "agreement")
    for part in (number, "当事人1：张三", ID_NUMBER, "13812345678", "院墙越界三十厘米", "院墙由谁拆除",
                 "李四越界砌墙，应承担拆除责任", "1. 李四拆除越界院墙。", "以自行拆除并承担费用的方式，于2026年3月20日前履行",
                 "人民调解员（签名）：王调解", "当事人（签名、盖章或者按指印）：李四", "（印章）", "2026年4月1日前"):
        assert part in agreement, part
    auditor = desk.api.headers(roles=("county_auditor",), county=True)
    logged = desk.api.client.get("/v1/audit/access-log", params={"case": id}, headers=auditor).json()["items"]
    assert any(e["action"] == f"GET {DISPUTES}/{id}/documents/agreement" for e in logged), logged  # a full print
    leader = desk.api.headers("houtai", roles=("leader",))  # not the desk: people masked
    county = desk.api.headers(roles=("county_supervisor",), county=True)
    for reader in (leader, county):
        masked = desk.text(id, "agreement", reader)
        assert "张*" in masked and ID_NUMBER not in masked and "张三" not in masked and number in masked

    desk.post(f"/{id}/apply-confirmation", {"court": "睢县人民法院"})
    application = desk.text(id, "confirmation-application")
    assert "睢县人民法院" in application and "申请人1：张三" in application and number in application
    desk.post(f"/{id}/record-performance", {"performance": "full", "note": "已拆除"})
    refused(desk.paper(id, "follow-up-record"), "no follow-up visit")
    desk.post(f"/{id}/follow-up", {"visited_by": "王调解", "findings": "双方关系缓和"})
    record = desk.text(id, "follow-up-record")
    assert "全部履行（已拆除）" in record and "回访人：王调解" in record and "双方关系缓和" in record


def test_a_failed_dispute_tells_the_routes_and_a_declined_one_says_why(api_for, clock):
    desk = Desk(api_for("mediation", clock=clock), DISPUTES, "mediation_officer")
    failed = desk.post("", dispute_body())["id"]
    desk.post(f"/{failed}/accept")
    desk.post(f"/{failed}/assign", {"mediator": "王调解"})
    desk.post(f"/{failed}/record-session", {"summary": "分歧较大"})
    desk.post(f"/{failed}/fail", {"reason": "双方分歧较大", "routes_told": ["court", "arbitration"]})
    text = desk.text(failed, "failure-notice")
    assert "第二十六条" in text and "1. 仲裁途径" in text and "2. 司法途径" in text and "行政途径" not in text
    refused(desk.paper(failed, "agreement"), "no agreement was reached: the dispute is failed")

    declined = desk.post("", dispute_body())
    desk.post(f"/{declined['id']}/decline", {"grounds": "not_mediable", "reason": "已向人民法院起诉"})
    text = desk.text(declined["id"], "decline-notice")
    assert declined["case_number"] in text and "依法不宜调解" in text and "已向人民法院起诉" in text
    assert "第十八条" in text


def test_the_county_template_folder_replaces_a_packaged_template(api_for, clock, tmp_path: Path):
    folder = tmp_path / "county-templates" / "mediation"
    folder.mkdir(parents=True)
    (folder / "acceptance-notice.docx").write_bytes(build([
        ("title", "睢县人民调解受理通知书（县定格式）"), ("number", "{{ case.case_number }}"),
        ("p", "{{ party_names }}：本委员会受理你们的纠纷。")]))
    county = yaml.safe_load(Path("fazhi/demo_county.yaml").read_text("utf-8"))
    county["templates_dir"] = "county-templates"  # relative to the county file
    (tmp_path / "county.yaml").write_text(yaml.safe_dump(county, allow_unicode=True), "utf-8")
    desk = Desk(api_for("mediation", clock=clock, county_config=tmp_path / "county.yaml"), DISPUTES,
                "mediation_officer")
    case = desk.post("", dispute_body())
    desk.post(f"/{case['id']}/accept")
    text = desk.text(case["id"], "acceptance-notice")
    assert "县定格式" in text and "张三、李四：本委员会受理你们的纠纷。" in text and case["case_number"] in text
    declined = desk.post("", dispute_body())
    desk.post(f"/{declined['id']}/decline", {"grounds": "party_refused", "reason": "一方拒绝"})
    assert "第十七条" in desk.text(declined["id"], "decline-notice")  # not replaced: the packaged one


APPLICATION = {"channel": "in_person", "applicant_type": "natural_person",
               "applicant": {"name": "张三", "id_number": "110101199003074514", "phone": "13812345678"},
               "information_sought": "2025年度低保资金发放明细", "received_on": "2026-03-02"}


def test_a_disclosure_request_issues_its_receipt_notices_letter_and_the_reply_for_its_outcome(api_for, clock):
    desk = Desk(api_for("disclosure", clock=clock), "/v1/townships/houtai/requests", "disclosure_officer")
    case = desk.post("", APPLICATION)
    id, number = case["id"], case["case_number"]
    receipt = desk.text(id, "receipt")
    assert number in receipt and "张三：" in receipt and "2025年度低保资金发放明细" in receipt
    assert case["query_code"] in receipt and "当面提交" in receipt
    masked = desk.text(id, "receipt", desk.api.headers("houtai", roles=("leader",)))  # not the desk
    assert "张*：" in masked and "张三" not in masked and case["query_code"] not in masked
    refused(desk.paper(id, "reply"), "the application has not been answered: it is processing")
    refused(desk.paper(id, "correction-notice"), "no correction")
    desk.post(f"/{id}/ask-correction", {"missing": "请写明所需信息的文号", "correct_by": "2026-03-09"})
    assert "请写明所需信息的文号" in desk.text(id, "correction-notice")
    desk.post(f"/{id}/receive-correction", {"received_on": "2026-03-02"})
    desk.post(f"/{id}/consult", {"consultee": {"name": "某合作社", "phone": "13900001111"}})
    letter = desk.text(id, "consultation-letter")
    assert "某合作社：" in letter and "第三十二条" in letter and number in letter
    desk.post(f"/{id}/consultation-answered", {"opinion": "consents"})
    desk.post(f"/{id}/extend", {"reason": "涉及多个部门"}, desk.api.headers("houtai", roles=("leader",)))
    assert "涉及多个部门" in desk.text(id, "extension-notice")
    desk.post(f"/{id}/answer", {"outcome": "refused_third_party_rights", "summary": "涉及个人隐私"})
    reply = desk.text(id, "reply")
    wording, basis = OUTCOME_TEXT[Outcome.REFUSED_THIRD_PARTY_RIGHTS]
    assert wording in reply and basis in reply and "4.保护第三方合法权益" in reply and "涉及个人隐私" in reply
    assert "睢县人民政府申请行政复议" in reply and number in reply


def test_every_outcome_code_has_its_reply_wording_and_legal_basis(api_for, clock):
    """One template serves every outcome: a real answered case, rendered with each code in turn."""
    api = api_for("disclosure", clock=clock)
    desk = Desk(api, "/v1/townships/houtai/requests", "disclosure_officer")
    id = desk.post("", APPLICATION)["id"]
    case = desk.post(f"/{id}/answer", {"outcome": "granted"})
    assert set(OUTCOME_TEXT) == set(Outcome)
    county = api.client.app.state.runtime.county
    for outcome in Outcome:
        answered = {**case, "conclusion": {**case["conclusion"], "outcome": outcome.value,
                                           "outcome_label": OUTCOME_LABELS[outcome]}}
        paper = CATALOGUE.paper("reply")
        reply = laid_out(CATALOGUE.render(paper, answered, context(answered, county, clock.today()), None))
        wording, basis = OUTCOME_TEXT[outcome]
        assert wording in reply and f"依据：《中华人民共和国政府信息公开条例》{basis}" in reply, outcome
        assert OUTCOME_LABELS[outcome] in reply and case["case_number"] in reply


PETITION = {"channel": "letter", "petitioners": [{"name": "张三", "id_number": "411422198001010010",
                                                  "phone": "13812345678"}],
            "subject": "村道修路占地补偿", "claims": ["补偿占地款"], "village": "v03"}


def test_a_petition_issues_acceptance_handling_review_and_recheck_opinions_in_turn(api_for, clock):
    desk = Desk(api_for("petition", clock=clock), "/v1/townships/houtai/petitions", "petition_officer")
    case = desk.post("", PETITION)
    id, number = case["id"], case["case_number"]
    refused(desk.paper(id, "acceptance-notice"), "the petition has not been accepted: it is registered")
    desk.post(f"/{id}/decide-acceptance", {"decision": "accept"})
    text = desk.text(id, "acceptance-notice")
    assert number in text and "张三：" in text and "村道修路占地补偿" in text and "来信" in text
    refused(desk.paper(id, "decline-notice"), "not declined")
    desk.post(f"/{id}/handle", {"step": "investigation", "note": "实地查看占地情况"})
    desk.post(f"/{id}/reply", {"finding": "explained", "content": "占地补偿已按标准发放"})
    opinion = desk.text(id, "handling-opinion")
    assert "实地查看占地情况" in opinion and "占地补偿已按标准发放" in opinion and "解释说明" in opinion
    desk.post(f"/{id}/request-review", {"organ": "睢县信访局"})
    refused(desk.paper(id, "review-opinion"), "no 复查 opinion")
    desk.post(f"/{id}/decide-review", {"decision": "upheld", "content": "原处理意见正确"})
    review = desk.text(id, "review-opinion")
    assert "睢县信访局" in review and "维持原处理意见" in review and number in review
    desk.post(f"/{id}/request-recheck", {"organ": "商丘市信访局"})
    desk.post(f"/{id}/decide-recheck", {"decision": "upheld", "content": "复查意见正确"})
    recheck = desk.text(id, "recheck-opinion")
    assert "商丘市信访局" in recheck and "不再受理" in recheck

    declined = desk.post("", {**PETITION, "subject": "另一事项"})
    desk.post(f"/{declined['id']}/decide-acceptance",
              {"decision": "decline", "route": "litigation", "reason": "属于诉讼途径解决的事项"})
    text = desk.text(declined["id"], "decline-notice")
    assert "属于诉讼途径解决的事项" in text and "诉讼途径" in text and declined["case_number"] in text


def test_papers_of_another_township_or_an_unknown_kind_are_not_found(api_for, clock):
    desk = Desk(api_for("mediation", clock=clock), DISPUTES, "mediation_officer")
    id = desk.post("", dispute_body())["id"]
    other = desk.api.headers("zhoutang", roles=("mediation_officer",))
    assert desk.api.client.get(f"/v1/townships/zhoutang/disputes/{id}/documents", headers=other).status_code == 404
    assert desk.api.client.get(f"{DISPUTES}/{id}/documents", headers=other).status_code == 403
    unknown = desk.paper(id, "letter-of-praise")
    assert (unknown.status_code, unknown.json()["field"]) == (404, "kind")
