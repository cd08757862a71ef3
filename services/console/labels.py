"""Chinese labels (字典) for the codes the services use.

Each service answers `GET /v1/dictionary` with `{"dictionaries": {name: [{code, label}]}}`;
its labels take precedence, and this map stays as the fallback (and for codes the console
itself adds, such as roles and event types).
"""

from __future__ import annotations

import time
from typing import Any

import httpx

LABELS: dict[str, dict[str, str]] = {
    "dispute_status": {"registered": "已登记", "accepted": "已受理", "declined": "不予受理", "mediating": "调解中",
                       "agreed": "达成协议", "failed": "调解不成", "closed": "已结案", "escalated": "已上报县级"},
    "category": {"marriage_family": "婚姻家庭", "neighbours": "邻里纠纷", "land_homestead": "土地承包、宅基地",
                 "property_management": "物业纠纷", "labour_wages": "劳动争议、欠薪", "damages": "损害赔偿",
                 "contract": "合同纠纷", "land_requisition": "征地拆迁", "environment": "环境污染", "other": "其他"},
    "level": {"village": "村级", "township": "乡镇级", "county": "县级"},
    "source": {"screening": "排查发现", "application": "当事人申请", "walk_in": "来访", "referral": "信访转调解"},
    "severity": {"major": "重大", "normal": "一般"},
    "risk_flag": {"mass": "群体性", "criminal_risk": "民转刑风险", "bypass_risk": "越级风险"},
    "decline_grounds": {"party_refused": "当事人明确拒绝调解", "not_mediable": "依法不宜调解或已进入其他程序",
                        "other": "其他"},
    "route": {"arbitration": "仲裁", "administrative": "行政途径", "court": "诉讼"},
    "alert_rule": {"major_dispute": "重大矛盾纠纷", "risk_flag": "风险纠纷", "village_overdue": "村级超期未化解",
                   "due_soon": "即将到期", "overdue": "已超期", "group_visit": "集体访", "bypass_petition": "越级访",
                   "repeat_petition": "重复访", "missing_screening": "未按月报送排查"},
    "alert_severity": {"critical": "紧急", "alert": "警报", "warning": "提醒"},
    "alert_status": {"open": "待处理", "acknowledged": "已认领", "resolved": "已解除"},
    "service": {"mediation": "矛盾纠纷", "disclosure": "政府信息公开", "petition": "信访", "reporting": "报告"},
    "request_status": {"processing": "办理中", "awaiting_correction": "待补正", "consulting": "征求意见中",
                       "answered": "已答复", "abandoned": "未补正终止"},
    "channel": {"in_person": "当面提交", "post": "邮寄", "online": "互联网", "fax": "传真", "visit": "走访",
                "letter": "来信", "phone": "来电"},
    "applicant_type": {"natural_person": "自然人", "legal_person": "法人或其他组织"},
    "petition_status": {"registered": "已登记", "accepted": "已受理", "handling": "办理中", "declined": "不予受理",
                        "transferred": "已转送", "referred": "已转人民调解", "replied": "已书面答复",
                        "review_requested": "复查中", "reviewed": "已复查", "recheck_requested": "复核中",
                        "rechecked": "已复核", "closed": "已结案"},
    "role": {"admin": "系统管理员", "mediator": "调解员", "mediation_officer": "调解专干",
             "disclosure_officer": "政务公开专干", "petition_officer": "信访专干", "leader": "乡镇领导",
             "county_supervisor": "县级督导", "alert_subscriber": "预警值班", "reporter": "报告编写"},
    "publication_category": {
        "agricultural_policy": "贯彻落实农业农村政策措施", "farmland_water": "农田水利工程建设运营",
        "land_contract_transfer": "农村土地承包经营权流转", "homestead_approval": "宅基地使用情况审核",
        "expropriation": "土地征收、房屋征收", "fund_labour_raising": "筹资筹劳", "social_assistance": "社会救助",
        "organization": "机构职能", "regulatory_document": "行政规范性文件", "budget_final_accounts": "财政预决算",
        "planning": "规划计划", "administrative_enforcement": "行政许可、处罚、强制", "other": "其他"},
    "petition_route": {"litigation": "诉讼", "arbitration": "仲裁", "administrative_review": "行政复议",
                       "mediation": "调解", "other": "其他途径"},
    "finding": {"supported": "予以支持", "explained": "解释说明", "not_supported": "不予支持"},
    "satisfaction": {"satisfied": "满意", "basically": "基本满意", "unsatisfied": "不满意"},
    "handling_step": {"investigation": "调查核实", "hearing": "听证", "coordination": "协调", "other": "其他"},
    "petition_deadline": {"acceptance_by": "受理告知期限（15日）", "handling_by": "办理期限（60日）",
                          "review_request_by": "申请复查期限", "review_decision_by": "复查决定期限",
                          "recheck_request_by": "申请复核期限", "recheck_decision_by": "复核决定期限"},
    "event": {
        "mediation.dispute.registered": "登记", "mediation.dispute.classified": "定级",
        "mediation.dispute.accepted": "受理", "mediation.dispute.declined": "不予受理",
        "mediation.dispute.facts_revised": "修改案情", "mediation.dispute.mediator_assigned": "指派调解员",
        "mediation.dispute.session_recorded": "记录调解", "mediation.dispute.agreement_reached": "达成协议",
        "mediation.dispute.mediation_failed": "调解不成", "mediation.dispute.confirmation_applied": "申请司法确认",
        "mediation.dispute.performance_recorded": "记录履行情况", "mediation.dispute.followed_up": "回访",
        "mediation.dispute.closed": "结案", "mediation.dispute.reopened": "重新办理",
        "mediation.dispute.escalated": "上报",
        "petition.case.registered": "登记", "petition.case.accepted": "受理", "petition.case.declined": "不予受理",
        "petition.case.transferred": "转送", "petition.case.handling_recorded": "办理",
        "petition.case.extended": "延长期限", "petition.case.replied": "书面答复",
        "petition.case.satisfaction_recorded": "满意度评价", "petition.case.review_requested": "申请复查",
        "petition.case.recheck_requested": "申请复核", "petition.case.reviewed": "复查决定",
        "petition.case.rechecked": "复核决定", "petition.case.referred": "转人民调解",
        "petition.case.referral_linked": "调解已立案", "petition.case.closed": "结案",
    },
}


class Dictionary:
    """Labels by group and code; the services' own dictionaries are asked now and then."""

    REFRESH_SECONDS = 300

    def __init__(self) -> None:
        self._labels = {group: dict(codes) for group, codes in LABELS.items()}
        self._asked_at: float | None = None
        self.from_services: list[str] = []

    def label(self, group: str, code: Any) -> str:
        if code is None or code == "":
            return "—"
        return self._labels.get(group, {}).get(str(code), str(code))

    def options(self, group: str) -> list[tuple[str, str]]:
        return list(self._labels.get(group, {}).items())

    async def refresh(self, clients: dict[str, httpx.AsyncClient]) -> None:
        """Merge `GET /v1/dictionary` of each service that has it; quietly keep the map otherwise."""
        if self._asked_at is not None and time.monotonic() - self._asked_at < self.REFRESH_SECONDS:
            return
        self._asked_at = time.monotonic()
        for service, client in clients.items():
            try:
                response = await client.get("/v1/dictionary", timeout=2)
                body = response.json() if response.status_code == 200 else None
            except (httpx.HTTPError, ValueError):
                continue
            if self._merge(body) and service not in self.from_services:
                self.from_services.append(service)

    def _merge(self, body: Any) -> bool:
        """`{"dictionaries": {name: [{"code", "label"}, …]}}`, each name an enum's in snake case."""
        groups = body.get("dictionaries") if isinstance(body, dict) else None
        if not isinstance(groups, dict):
            return False
        merged = False
        for group, entries in groups.items():
            if isinstance(entries, list) and all(isinstance(e, dict) and {"code", "label"} <= set(e) for e in entries):
                self._labels.setdefault(group, {}).update({e["code"]: e["label"] for e in entries})
                merged = True
        return merged
