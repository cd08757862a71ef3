"""The Chinese words alerts are told in: rule, level, severity, reason and case names (pure data)."""

RULES = {
    "major_dispute": "重大矛盾纠纷", "risk_flag": "矛盾纠纷风险", "village_overdue": "村级未按期化解",
    "due_soon": "即将到期", "overdue": "已超期", "group_visit": "集体访", "bypass_petition": "越级访",
    "repeat_petition": "重复访", "missing_screening": "未报送月度排查", "delivery_disabled": "告警推送已停用",
}
LEVELS = {"village": "村级", "township": "乡镇级", "county": "县级"}
SEVERITIES = {"critical": "紧急", "alert": "重要", "warning": "提醒"}
REASONS = {
    "people_involved": "涉及人数多", "amount": "涉及金额大", "mass": "群体性", "criminal_risk": "民转刑风险",
    "bypass_risk": "越级上访风险",
}
CASES = {"dispute": "矛盾纠纷", "request": "政府信息公开申请", "case": "信访事项", "suggestion": "建议提案",
         "village": "村", "alert_webhook": "告警推送地址"}
DUTIES = {"conclude": "办结", "reply": "答复", "accept": "决定是否受理", "handle": "办理", "review": "复查",
          "recheck": "复核", "answer": "答复"}


def reasons(codes: list[str]) -> str:
    """`涉及人数多、民转刑风险` from reason codes (an unknown code as it is)."""
    return "、".join(REASONS.get(str(code), str(code)) for code in codes)
