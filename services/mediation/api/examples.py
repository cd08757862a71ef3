"""Request examples of the mediation API, by operationId, shown in `/docs` and the OpenAPI document.

Placeholders only: the names, ID number (a valid check digit, not a real person) and phone are made up.
"""

from __future__ import annotations

from typing import Any

MEMBERS = [
    {"name": "王主任", "gender": "male", "position": "chair", "kind": "full_time", "phone": "13900001111"},
    {"name": "赵调解员", "gender": "female", "position": "member", "kind": "full_time"},
    {"name": "钱委员", "gender": "male", "position": "member", "kind": "part_time"},
]

EXAMPLES: dict[str, Any] = {
    "registerDispute": {
        "level": "village", "village": "v01", "source": "walk_in", "category": "labour_wages",
        "parties": [{"name": "张三", "id_number": "11010519491231002X", "phone": "13812345678"}, {"name": "李四"}],
        "people_involved": 2, "amount": "8000", "description": "工地欠付三个月工资", "risk_flags": [],
    },
    "declineDispute": {"grounds": "not_mediable", "reason": "已向人民法院起诉"},
    "reviseFacts": {"people_involved": 6, "amount": "120000", "risk_flags": ["mass"]},
    "assignDispute": {"mediator": "赵调解员"},
    "recordSession": {"held_on": "2026-03-05", "summary": "双方陈述意见，约定下周再谈"},
    "agreeDispute": {
        "form": "written", "agreed_on": "2026-03-12", "facts": "欠付工资 8000 元", "points_in_dispute": "支付时间",
        "responsibilities": "用工方未按约定支付工资，应承担支付责任",
        "terms": [{"content": "支付工资 8000 元", "manner": "银行转账", "deadline": "2026-04-01"}],
        "performance_deadline": "2026-04-01", "signed": True,
    },
    "failDispute": {"reason": "双方分歧较大", "routes_told": ["arbitration", "court"]},
    "applyConfirmation": {"court": "睢县人民法院"},
    "recordPerformance": {"performance": "full", "checked_on": "2026-04-02", "note": "已全额支付"},
    "followUp": {"visited_on": "2026-04-10", "visited_by": "赵调解员", "findings": "双方关系缓和"},
    "reopenDispute": {"reason": "一方反悔，申请重新调解"},
    "escalateDispute": {"reason": "村调委会调解未果，提交乡镇调委会"},
    "registerCommittee": {"level": "village", "village": "v01", "name": "一号村人民调解委员会", "members": MEMBERS,
                          "term_start": "2026-01-01"},
    "changeMembers": {"members": MEMBERS},
    "renewCommittee": {"term_start": "2029-01-01", "members": MEMBERS},
    "reportScreening": {"village": "v01", "month": "2026-03", "dispute_ids": [], "zero_report": True},
}
