"""What can be done to a dispute in each state, and the form each action takes.

The case page offers only the actions the case's state allows now; the mediation service
still decides (a 409 names why, shown in Chinese).
"""

from __future__ import annotations

from typing import Any

from services.console.case_actions import Action, Input


REASON = Input("reason", "原因", "textarea")
ACTIONS = {a.verb: a for a in (
    Action("accept", "受理"),
    Action("decline", "不予受理", (Input("grounds", "不予受理的理由", "select:decline_grounds"), REASON), "warning"),
    Action("assign", "指派调解员", (Input("mediator", "调解员姓名"),)),
    Action("record-session", "记录一次调解", (Input("held_on", "调解日期", "date", required=False),
                                         Input("summary", "调解情况", "textarea"))),
    Action("agree", "记录口头协议", (Input("oral_content", "协议内容", "textarea"),
                                   Input("performance_deadline", "履行期限", "date")), extra={"form": "oral"}),
    Action("fail", "调解不成", (REASON, Input("routes_told", "已告知的其他途径", "checks:route")), "warning"),
    Action("follow-up", "记录回访", (Input("visited_by", "回访人"), Input("findings", "回访情况", "textarea"))),
    Action("close", "结案"),
    Action("escalate", "上报县级", (REASON,), "warning"),
    Action("reopen", "重新办理", (REASON,)),
)}
BY_STATUS = {
    "registered": ("accept", "decline", "escalate"),
    "accepted": ("assign", "escalate"),
    "mediating": ("assign", "record-session", "agree", "fail", "escalate"),
    "agreed": ("follow-up", "close"),
    "failed": ("follow-up", "close", "escalate"),
    "closed": ("reopen",),
}


def allowed(dispute: dict[str, Any]) -> list[Action]:
    """The actions the case allows now (a session needs a mediator; an outcome needs a session)."""
    verbs = list(BY_STATUS.get(dispute["status"], ()))
    if not dispute.get("mediator"):
        verbs = [v for v in verbs if v != "record-session"]
    if not dispute.get("sessions"):
        verbs = [v for v in verbs if v not in ("agree", "fail")]
    if dispute["status"] == "agreed" and not dispute.get("follow_ups"):
        verbs = [v for v in verbs if v != "close"]
    return [ACTIONS[v] for v in verbs]
