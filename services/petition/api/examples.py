"""Request examples of the petition API, by operationId, shown in `/docs` and the OpenAPI document.

Placeholders only: names, the ID number (a valid check digit, not a real person) and phones are made up.
"""

from __future__ import annotations

from typing import Any

EXAMPLES: dict[str, Any] = {
    "registerPetition": {
        "channel": "visit", "petitioners": [{"name": "张三", "id_number": "11010519491231002X", "phone": "13812345678"}],
        "subject": "工地欠薪", "claims": ["支付拖欠工资 8000 元"], "village": "v01", "bypassed_level": False,
    },
    "decideAcceptance": {"decision": "accept"},
    "recordHandling": {"step": "investigation", "note": "走访施工方核实", "done_on": "2026-03-10"},
    "extendPetition": {"days": 20, "reason": "需测绘", "approved_by": "王乡长"},
    "replyPetition": {"finding": "supported", "content": "责成施工方于月底前支付", "replied_on": "2026-04-01"},
    "recordSatisfaction": {"satisfaction": "satisfied"},
    "requestReview": {"organ": "睢县人民政府", "requested_on": "2026-04-15"},
    "decideReview": {"decision": "upheld", "content": "维持原处理意见", "decided_on": "2026-05-10"},
    "requestRecheck": {"organ": "商丘市人民政府", "requested_on": "2026-05-20"},
    "decideRecheck": {"decision": "upheld", "content": "维持复查意见", "decided_on": "2026-06-15"},
    "referPetition": {"category": "labour_wages", "summary": "欠薪纠纷", "reason": "属民间纠纷，宜调解"},
    "scheduleReceptionDay": {"kind": "leader", "day": "2026-03-15", "place": "乡政府接访室", "leader": "王乡长"},
    "recordVisitors": {"visitors": 3, "case_ids": []},
    "closeReceptionDay": {"summary": "接待群众3人，当场答复2件"},
    "cancelReceptionDay": {"reason": "防汛"},
    "receiveSuggestion": {"kind": "deputy_suggestion", "author": "赵代表", "title": "修缮村道",
                          "content": "建议修缮一号村至乡道路段"},
    "assignSuggestion": {"office": "乡建设办", "complex": False},
    "answerSuggestion": {"answer": "已列入今年计划"},
    "recordFeedback": {"feedback": "satisfied", "note": "满意"},
    "rehandleSuggestion": {"reason": "代表不满意，重新办理"},
}
