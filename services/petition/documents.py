"""The papers the petition desk issues (信访文书): when each may be issued, what fills it, its default wording.

Sources: the 2022 Regulations on Petition Work (XF) — acceptance within 15 days (Arts. 22–23), the
written reply (Art. 32), 复查 and 复核 (Arts. 35–36). The wording is what `python -m
services.templates_build` lays out as the packaged templates; the county's replace them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fazhi.casedocs import Catalogue, Paper, chinese_date
from fazhi.county import County
from services.petition.contract import LABELS, Decision, Finding, Route

XF = "《信访工作条例》"


def _accepted(case: dict[str, Any]) -> str | None:
    decision = (case.get("acceptance") or {}).get("decision")
    return None if decision == "accept" else f"the petition has not been accepted: it is {case['status']}"


def _declined(case: dict[str, Any]) -> str | None:
    decision = (case.get("acceptance") or {}).get("decision")
    return None if decision == "decline" else f"the petition was not declined: it is {case['status']}"


def _replied(case: dict[str, Any]) -> str | None:
    return None if case.get("reply") else f"no written reply has been given: the petition is {case['status']}"


def _reviewed(case: dict[str, Any]) -> str | None:
    return None if case["review"]["opinion"] else "no 复查 opinion has been given"


def _rechecked(case: dict[str, Any]) -> str | None:
    return None if case["recheck"]["opinion"] else "no 复核 opinion has been given"


CATALOGUE = Catalogue("petition", Path(__file__).parent / "templates", [
    Paper("acceptance-notice", "信访事项受理告知书", "acceptance-notice.docx", _accepted),
    Paper("decline-notice", "信访事项不予受理告知书", "decline-notice.docx", _declined),
    Paper("handling-opinion", "信访事项处理意见书", "handling-opinion.docx", _replied),
    Paper("review-opinion", "信访事项复查意见书", "review-opinion.docx", _reviewed),
    Paper("recheck-opinion", "信访事项复核意见书", "recheck-opinion.docx", _rechecked),
])


def _label(enum: type, value: str | None) -> str:
    return LABELS[enum].get(enum(value), "") if value else ""


def context(case: dict[str, Any], county: County, today: Any) -> dict[str, Any]:
    """What the templates use beside `case`: the issuer, names, the labels of the codes it carries."""
    township = county.township(case["township"])
    acceptance, reply = case.get("acceptance") or {}, case.get("reply") or {}
    review, recheck = case["review"]["opinion"] or {}, case["recheck"]["opinion"] or {}
    people = case["representatives"] or case["petitioners"]
    return {
        "cn": chinese_date, "today": chinese_date(today), "county": county.name, "township": township.name,
        "issuer": f"{township.name}人民政府", "xf": XF, "names": "、".join(p["name"] for p in people),
        "claims": "；".join(case["claims"]) or case["subject"],
        "route": _label(Route, acceptance.get("route")), "finding": _label(Finding, reply.get("finding")),
        "review_decision": _label(Decision, review.get("decision")),
        "recheck_decision": _label(Decision, recheck.get("decision")),
    }


_SIGN = ("sign", "{{ issuer }}（印章）", "{{ today }}")
WORDING: dict[str, list[tuple[str, ...]]] = {
    "acceptance-notice.docx": [
        ("title", "信访事项受理告知书"), ("number", "{{ case.case_number }}"), ("to", "{{ names }}："),
        ("p", "你（们）于{{ cn(case.received_on) }}以{{ case.channel_label }}形式提出的信访事项（{{ case.subject }}），"
              "经审查，属于本机关职权范围，依照{{ xf }}第三十二条的规定，本机关于{{ cn(case.acceptance.accepted_on) }}"
              "决定受理。"),
        ("p", "本机关将自受理之日起六十日内（{{ cn(case.deadlines.handling_by) }}前）办结；情况复杂的，经批准可以适当延长"
              "办理期限，但延长期限不得超过三十日，并将告知延期理由。"),
        ("p", "查询码：{{ case.query_code or '（见受理窗口）' }}。凭案号和查询码可以查询办理进度。"),
        _SIGN,
    ],
    "decline-notice.docx": [
        ("title", "信访事项不予受理告知书"), ("number", "{{ case.case_number }}"), ("to", "{{ names }}："),
        ("p", "你（们）于{{ cn(case.received_on) }}以{{ case.channel_label }}形式提出的信访事项（{{ case.subject }}），"
              "经审查，{{ case.acceptance.reason }}，本机关于{{ cn(case.acceptance.declined_on) }}决定不予受理。"),
        ("p", "依照{{ xf }}第三十一条的规定，你（们）可以通过{{ route }}途径依法解决。"),
        _SIGN,
    ],
    "handling-opinion.docx": [
        ("title", "信访事项处理意见书"), ("number", "{{ case.case_number }}"), ("to", "{{ names }}："),
        ("p", "你（们）于{{ cn(case.received_on) }}提出的信访事项，本机关已于{{ cn(case.acceptance.accepted_on) }}受理。"
              "你（们）的诉求是：{{ claims }}。"),
        ("tag", "{%p for h in case.handling %}"),
        ("p", "{{ cn(h.done_on) }}，{{ h.note }}"),
        ("tag", "{%p endfor %}"),
        ("p", "经调查核实，本机关处理意见如下：{{ case.reply.content }}"),
        ("p", "处理结论：{{ finding }}。"),
        ("p", "如对本处理意见不服，可以自收到本意见书之日起三十日内请求原办理机关的上一级机关复查"
              "（{{ xf }}第三十五条），即{{ cn(case.reply.review_request_by) }}前。"),
        ("sign", "{{ issuer }}（印章）", "{{ cn(case.reply.replied_on) }}"),
    ],
    "review-opinion.docx": [
        ("title", "信访事项复查意见书"), ("number", "{{ case.case_number }}"), ("to", "{{ names }}："),
        ("p", "你（们）不服{{ cn(case.reply.replied_on) }}作出的信访事项处理意见，于{{ cn(case.review.request.requested_on) }}"
              "向{{ case.review.request.organ }}请求复查。依照{{ xf }}第三十五条，经复查，意见如下："),
        ("p", "{{ case.review.opinion.content }}"),
        ("p", "复查结论：{{ review_decision }}原处理意见。"),
        ("p", "如对本复查意见不服，可以自收到本意见书之日起三十日内向复查机关的上一级机关请求复核"
              "（{{ xf }}第三十六条），即{{ cn(case.review.opinion.recheck_request_by) }}前。"),
        ("sign", "{{ case.review.request.organ }}（印章）", "{{ cn(case.review.opinion.decided_on) }}"),
    ],
    "recheck-opinion.docx": [
        ("title", "信访事项复核意见书"), ("number", "{{ case.case_number }}"), ("to", "{{ names }}："),
        ("p", "你（们）不服复查意见，于{{ cn(case.recheck.request.requested_on) }}向{{ case.recheck.request.organ }}"
              "请求复核。依照{{ xf }}第三十六条，经复核，意见如下："),
        ("p", "{{ case.recheck.opinion.content }}"),
        ("p", "复核结论：{{ recheck_decision }}复查意见。"),
        ("p", "本复核意见为终结意见。信访人对复核意见不服，仍以同一事实和理由提出信访的，不再受理。"),
        ("sign", "{{ case.recheck.request.organ }}（印章）", "{{ cn(case.recheck.opinion.decided_on) }}"),
    ],
}
