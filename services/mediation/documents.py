"""The papers the mediation desk issues (人民调解文书): when each may be issued, what fills it, its default wording.

The wording is what `python -m services.templates_build` lays out as the packaged templates
(`templates/*.docx`); at run time only the .docx files are read, the county's first (fazhi/casedocs.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fazhi.casedocs import Catalogue, Paper, chinese_date
from fazhi.county import County
from services.mediation.contract import LABELS, DeclineGrounds, Performance, Route

def _accepted(case: dict[str, Any]) -> str | None:
    if case.get("accepted_on") is None or case["status"] in ("registered", "declined"):
        return f"the dispute has not been accepted: it is {case['status']}"
    return None


def _declined(case: dict[str, Any]) -> str | None:
    return None if case["status"] == "declined" else f"the dispute was not declined: it is {case['status']}"


def _written_agreement(case: dict[str, Any]) -> str | None:
    agreement = case.get("agreement")
    if agreement is None:
        return f"no agreement was reached: the dispute is {case['status']}"
    if agreement["form"] != "written":
        return "the agreement is oral: its content is recorded on the case, not issued as 调解协议书"
    return None


def _failed(case: dict[str, Any]) -> str | None:
    return None if case.get("failure") else f"the mediation has not failed: the dispute is {case['status']}"


def _agreement(case: dict[str, Any]) -> str | None:
    return None if case.get("agreement") else f"no agreement was reached: the dispute is {case['status']}"


def _followed_up(case: dict[str, Any]) -> str | None:
    return None if case.get("follow_ups") else "no follow-up visit (回访) is recorded yet"


CATALOGUE = Catalogue("mediation", Path(__file__).parent / "templates", [
    Paper("acceptance-notice", "人民调解受理通知书", "acceptance-notice.docx", _accepted),
    Paper("decline-notice", "人民调解不予受理通知书", "decline-notice.docx", _declined),
    Paper("agreement", "人民调解协议书", "agreement.docx", _written_agreement),
    Paper("failure-notice", "调解不成告知书", "failure-notice.docx", _failed),
    Paper("confirmation-application", "司法确认申请书", "confirmation-application.docx", _agreement),
    Paper("follow-up-record", "人民调解回访记录", "follow-up-record.docx", _followed_up),
])

DECLINE_BASIS = {
    DeclineGrounds.PARTY_REFUSED: "根据《中华人民共和国人民调解法》第十七条，当事人一方明确拒绝调解的，不得调解。",
    DeclineGrounds.NOT_MEDIABLE: "根据《中华人民共和国人民调解法》第十八条，该纠纷依法不宜通过人民调解解决，"
                                 "或者已由人民法院、公安机关或者其他行政机关受理或者解决。",
    DeclineGrounds.OTHER: "",
}
ROUTES = {  # what the parties are told of each route (TJ Art. 26)
    Route.ARBITRATION: "仲裁途径：属于劳动争议、农村土地承包经营纠纷等依法可以仲裁的，可以向有关仲裁机构申请仲裁；",
    Route.ADMINISTRATIVE: "行政途径：可以请求有关行政机关依法处理；",
    Route.COURT: "司法途径：可以依法向人民法院提起诉讼。",
}


def context(case: dict[str, Any], county: County, today: Any) -> dict[str, Any]:
    """What the templates use beside `case`: the committee, names and labels, dates in Chinese."""
    township = county.township(case["township"])
    village = next((v.name for v in township.villages if v.code == case.get("village")), None)
    committee = f"{village}人民调解委员会" if case["level"] == "village" and village else f"{township.name}人民调解委员会"
    decline, failure, performance = case.get("decline"), case.get("failure"), case.get("performance")
    return {
        "cn": chinese_date, "today": chinese_date(today), "county": county.name, "township": township.name,
        "committee": committee, "party_names": "、".join(p["name"] for p in case["parties"]),
        "category": _label("category", case),
        "decline_grounds": LABELS[DeclineGrounds][DeclineGrounds(decline["grounds"])] if decline else "",
        "decline_basis": DECLINE_BASIS[DeclineGrounds(decline["grounds"])] if decline else "",
        "routes": [ROUTES[Route(r)] for r in failure["routes_told"]] if failure else [],
        "performance": LABELS[Performance][Performance(performance["performance"])] if performance else "尚未核查",
        "court": (case.get("judicial_confirmation") or {}).get("court") or "________人民法院",
        "outcome": "达成调解协议" if case.get("agreement") else "调解不成" if failure else "",
    }


def _label(field: str, case: dict[str, Any]) -> str:
    return case.get(f"{field}_label") or case.get(field) or ""


_SIGN = ("sign", "{{ committee }}（印章）", "{{ today }}")
WORDING: dict[str, list[tuple[str, ...]]] = {
    "acceptance-notice.docx": [
        ("title", "人民调解受理通知书"), ("number", "{{ case.case_number }}"), ("to", "{{ party_names }}："),
        ("p", "你（们）于{{ cn(case.received_on) }}申请调解的{{ category }}（{{ case.description }}），经审查，"
              "符合人民调解的受理条件，本委员会于{{ cn(case.accepted_on) }}决定受理。"),
        ("p", "本纠纷由人民调解员{{ case.mediator or '（另行指定）' }}主持调解，一般应于"
              "{{ cn(case.deadlines.conclude_by) }}前调解终结。人民调解不收取任何费用。"),
        ("p", "在调解活动中，你（们）享有选择或者接受人民调解员、接受调解、拒绝调解或者要求终止调解、要求调解公开或者"
              "不公开进行、自主表达意愿、自愿达成调解协议的权利，并应当如实陈述纠纷事实，遵守调解现场秩序，尊重人民调解员，"
              "尊重对方当事人行使权利（《中华人民共和国人民调解法》第二十三条、第二十四条）。"),
        _SIGN,
    ],
    "decline-notice.docx": [
        ("title", "人民调解不予受理通知书"), ("number", "{{ case.case_number }}"), ("to", "{{ party_names }}："),
        ("p", "你（们）于{{ cn(case.received_on) }}提出的{{ category }}调解申请，经审查，因{{ decline_grounds }}"
              "（{{ case.decline.reason }}），本委员会于{{ cn(case.decline.declined_on) }}决定不予受理。"),
        ("p", "{{ decline_basis }}你（们）可以依法通过仲裁、行政、司法等途径维护自己的合法权益。"),
        _SIGN,
    ],
    "agreement.docx": [
        ("title", "人民调解协议书"), ("number", "{{ case.case_number }}"),
        ("h", "一、当事人基本情况"),
        ("tag", "{%p for p in case.parties %}"),
        ("p", "当事人{{ loop.index }}：{{ p.name }}，公民身份号码：{{ p.id_number or '________' }}，"
              "联系电话：{{ p.phone or '________' }}。"),
        ("tag", "{%p endfor %}"),
        ("h", "二、纠纷的主要事实、争议事项以及各方当事人的责任"),
        ("p", "纠纷的主要事实：{{ case.agreement.facts }}"),
        ("p", "争议事项：{{ case.agreement.points_in_dispute }}"),
        ("p", "各方当事人的责任：{{ case.agreement.responsibilities or '________________' }}"),
        ("h", "三、当事人达成调解协议的内容"),
        ("tag", "{%p for t in case.agreement.terms %}"),
        ("p", "{{ loop.index }}. {{ t.content }}。"),
        ("tag", "{%p endfor %}"),
        ("h", "四、履行方式、期限"),
        ("tag", "{%p for t in case.agreement.terms %}"),
        ("p", "第{{ loop.index }}项以{{ t.manner }}的方式，于{{ cn(t.deadline) }}前履行。"),
        ("tag", "{%p endfor %}"),
        ("p", "全部内容于{{ cn(case.agreement.performance_deadline) }}前履行完毕。"),
        ("p", "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效，具有法律约束力，"
              "当事人应当按照约定履行（《中华人民共和国人民调解法》第二十九条、第三十一条）。当事人可以自本协议生效之日起"
              "三十日内共同向人民法院申请司法确认（第三十三条），即{{ cn(case.agreement.confirmation_by) }}前。"
              "本协议书一式{{ case.parties|length + 1 }}份，当事人各执一份，人民调解委员会留存一份。"),
        ("tag", "{%p for p in case.parties %}"),
        ("line", "当事人（签名、盖章或者按指印）：{{ p.name }}"),
        ("tag", "{%p endfor %}"),
        ("line", "人民调解员（签名）：{{ case.mediator }}"),
        ("sign", "{{ committee }}（印章）", "{{ cn(case.agreement.agreed_on) }}"),
    ],
    "failure-notice.docx": [
        ("title", "调解不成告知书"), ("number", "{{ case.case_number }}"), ("to", "{{ party_names }}："),
        ("p", "你（们）之间的{{ category }}（{{ case.description }}），经本委员会调解，因{{ case.failure.reason }}，"
              "未能达成调解协议。根据《中华人民共和国人民调解法》第二十六条，本委员会于{{ cn(case.failure.failed_on) }}"
              "终止调解。"),
        ("p", "你（们）可以依法通过下列途径维护自己的合法权利："),
        ("tag", "{%p for route in routes %}"),
        ("p", "{{ loop.index }}. {{ route }}"),
        ("tag", "{%p endfor %}"),
        _SIGN,
    ],
    "confirmation-application.docx": [
        ("title", "司法确认申请书"), ("number", "{{ case.case_number }}"),
        ("tag", "{%p for p in case.parties %}"),
        ("line", "申请人{{ loop.index }}：{{ p.name }}，公民身份号码：{{ p.id_number or '________' }}，"
                 "联系电话：{{ p.phone or '________' }}。"),
        ("tag", "{%p endfor %}"),
        ("h", "请求事项"),
        ("p", "请求确认申请人于{{ cn(case.agreement.agreed_on) }}经{{ committee }}主持调解达成的调解协议"
              "（{{ case.case_number }}）有效。"),
        ("h", "事实和理由"),
        ("p", "申请人之间的{{ category }}，经{{ committee }}调解，于{{ cn(case.agreement.agreed_on) }}达成调解协议。"
              "该协议是申请人的真实意思表示，内容不违反法律、行政法规的强制性规定，不损害国家利益、社会公共利益和他人合法权益。"
              "根据《中华人民共和国人民调解法》第三十三条，申请人自调解协议生效之日起三十日内"
              "（{{ cn(case.agreement.confirmation_by) }}前）共同申请司法确认。"),
        ("to", "此致"), ("to", "{{ court }}"),
        ("line", "附：人民调解协议书一份。"),
        ("tag", "{%p for p in case.parties %}"),
        ("line", "申请人（签名）：{{ p.name }}"),
        ("tag", "{%p endfor %}"),
        ("sign", "", "{{ cn(case.judicial_confirmation.applied_on) if case.judicial_confirmation else today }}"),
    ],
    "follow-up-record.docx": [
        ("title", "人民调解回访记录"), ("number", "{{ case.case_number }}"),
        ("line", "纠纷类型：{{ category }}"), ("line", "当事人：{{ party_names }}"),
        ("line", "调解结果：{{ outcome }}；调解员：{{ case.mediator or '' }}"),
        ("line", "协议履行情况：{{ performance }}{{ '（' ~ case.performance.note ~ '）' if case.performance and "
                 "case.performance.note else '' }}"),
        ("tag", "{%p for f in case.follow_ups %}"),
        ("h", "第{{ loop.index }}次回访"),
        ("p", "回访时间：{{ cn(f.visited_on) }}；回访人：{{ f.visited_by }}。"),
        ("p", "回访情况：{{ f.findings }}"),
        ("tag", "{%p endfor %}"),
        ("line", "回访人（签名）："),
        _SIGN,
    ],
}
