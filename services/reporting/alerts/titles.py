"""Alert titles in the reader's language: made at the edge from the alert's rule and details.

The stored title (English, recorded when the alert was raised) is what `Accept-Language: en`
shows; the Chinese one is made here from the same facts, so old alerts read in Chinese too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fazhi.county import RISK_FLAG_LABELS
from services.mediation.contract import SEVERITY_REASON_LABELS
from services.reporting.alerts.contract import Rule

KINDS = {"dispute": "纠纷", "case": "信访事项", "request": "政府信息公开申请", "suggestion": "建议提案",
         "village": "村"}
TASKS = {"conclude": "调解结案", "reply": "答复", "accept": "决定是否受理", "handle": "办结", "review": "复查",
         "recheck": "复核", "answer": "答复", None: "办理"}


def _joined(codes: list[str], labels: dict[Any, str]) -> str:
    table = {str(k): v for k, v in labels.items()}
    return "、".join(table.get(str(code), str(code)) for code in codes)


def _deadline(word: str) -> Callable[[dict[str, Any]], str]:
    def title(a: dict[str, Any]) -> str:
        d = a["details"]
        kind = KINDS.get(a["subject"]["kind"], a["subject"]["kind"])
        return f"{kind}{word}：应于 {d['due_on']} 前{TASKS.get(d.get('what'), d.get('what'))}"
    return title


_ZH: dict[str, Callable[[dict[str, Any]], str]] = {
    Rule.MAJOR_DISPUTE: lambda a: f"重大矛盾纠纷：{_joined(a['details']['reasons'], SEVERITY_REASON_LABELS)}",
    Rule.RISK_FLAG: lambda a: f"纠纷存在风险：{_joined(a['details']['risk_flags'], RISK_FLAG_LABELS)}",
    Rule.GROUP_VISIT: lambda a: f"集体访（{a['details']['group_size']}人）：{a['details']['subject']}",
    Rule.BYPASS_PETITION: lambda a: f"越级访：{a['details']['subject']}",
    Rule.DUE_SOON: _deadline("即将到期"),
    Rule.OVERDUE: _deadline("已逾期"),
    Rule.VILLAGE_OVERDUE: lambda a: f"村（{a['village']}）未在 {a['details']['days']} 天内化解，转乡镇处理",
    Rule.REPEAT_PETITION: lambda a: f"重复访：同一人 {a['details']['window_days']} 天内第 {a['details']['count']} 次",
    Rule.MISSING_SCREENING: lambda a: f"村（{a['village']}）{a['details']['month']} 月矛盾纠纷排查未报告",
    Rule.DELIVERY_DISABLED: lambda a: a["title"],  # written in Chinese when raised
}


def chinese_title(alert: dict[str, Any]) -> str:
    """The alert's title in Chinese; the stored one if its details lack what the Chinese needs."""
    make = _ZH.get(alert.get("rule", ""))
    try:
        return make(alert) if make else alert["title"]
    except (KeyError, TypeError):
        return alert["title"]
