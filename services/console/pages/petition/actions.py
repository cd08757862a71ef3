"""What the petition desk can do to a case in each state (信访工作条例); the service decides in the end."""

from __future__ import annotations

from typing import Any

from services.console.case_actions import Action, Input

REASON = Input("reason", "理由", "textarea")
ACTIONS = {a.verb: a for a in (
    Action("accept", "受理", (Input("reason", "说明", "textarea", required=False),), extra={"decision": "accept"},
           endpoint="decide-acceptance"),
    Action("decline", "不予受理", (Input("route", "告知的途径", "select:petition_route"), REASON), "warning",
           extra={"decision": "decline"}, endpoint="decide-acceptance"),
    Action("transfer", "转送有权机关", (Input("organ", "有权处理的机关"), REASON), extra={"decision": "transfer"},
           endpoint="decide-acceptance"),
    Action("handle", "记录办理情况", (Input("step", "办理方式", "select:handling_step"), Input("note", "情况", "textarea"))),
    Action("extend", "延长办理期限", (Input("days", "延长天数（不超过30日）", "number"), REASON,
                                  Input("approved_by", "批准人"))),
    Action("reply", "书面答复", (Input("finding", "处理意见", "select:finding"), Input("content", "答复内容", "textarea"))),
    Action("record-satisfaction", "记录满意度", (Input("satisfaction", "信访人评价", "select:satisfaction"),)),
    Action("refer", "转人民调解", (Input("category", "纠纷类型", "select:category"), REASON)),
    Action("close", "结案"),
)}
BY_STATUS = {
    "registered": ("accept", "decline", "transfer", "refer"),
    "accepted": ("handle", "extend", "reply", "refer"),
    "handling": ("handle", "extend", "reply", "refer"),
    "replied": ("record-satisfaction", "close"),
    "reviewed": ("record-satisfaction", "close"),
    "rechecked": ("close",),
}


def allowed(case: dict[str, Any]) -> list[Action]:
    return [ACTIONS[v] for v in BY_STATUS.get(case["status"], ())]
