"""依申请公开登记台账: the columns a request list exports as, from the body the list route shows."""

from __future__ import annotations

from fazhi.ledger import Column, day, dig, text, yes_no

TITLE = "依申请公开登记台账"


def columns() -> list[Column]:
    """The ledger's columns, codes by their Chinese labels."""
    return [
        Column("案号", text("case_number")),
        Column("收到日期", day("received_on")),
        Column("登记日期", day("registered_at")),
        Column("申请方式", text("channel_label")),
        Column("申请人", text("applicant.name")),
        Column("申请人类型", text("applicant_type_label")),
        Column("法人或其他组织类型", text("org_type_label")),
        Column("申请内容", text("information_sought")),
        Column("获取方式", text("delivery")),
        Column("办理状态", text("status_label")),
        Column("答复期限", day("due_on")),
        Column("延长后期限", day("extended_due_on")),
        Column("答复日期", lambda b: day("conclusion.answered_on")(b) or day("conclusion.closed_on")(b)),
        Column("处理结果", text("conclusion.outcome_label")),
        Column("是否按时答复", lambda b: None if dig(b, "conclusion.on_time") is None else yes_no("conclusion.on_time")(b)),
        Column("是否逾期", yes_no("overdue")),
    ]
