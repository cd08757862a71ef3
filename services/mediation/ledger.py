"""矛盾纠纷排查化解台账: the columns a dispute list exports as, from the body the list route shows."""

from __future__ import annotations

from typing import Any

from fazhi.county import County
from fazhi.ledger import Column, day, names, number, text, yes_no

TITLE = "矛盾纠纷排查化解台账"


def columns(county: County, township: str) -> list[Column]:
    """The ledger's columns; villages by name, codes by their Chinese labels."""
    villages = {v.code: v.name for v in county.township(township).villages}

    def village(body: dict[str, Any]) -> str | None:
        code = body.get("village")
        return villages.get(code, code) if code else None

    return [
        Column("案号", text("case_number")),
        Column("收到日期", day("received_on")),
        Column("登记日期", day("registered_on")),
        Column("调解组织", text("level_label")),
        Column("村（社区）", village),
        Column("来源", text("source_label")),
        Column("纠纷类别", text("category_label")),
        Column("当事人", names("parties")),
        Column("涉及人数", number("people_involved")),
        Column("涉案金额（元）", number("amount")),
        Column("简要情况", text("description")),
        Column("风险情形", lambda b: "、".join(b.get("risk_flags_labels") or [])),
        Column("纠纷等级", text("severity_label")),
        Column("办理状态", text("status_label")),
        Column("调解员", text("mediator")),
        Column("受理日期", day("accepted_on")),
        Column("调结期限", day("deadlines.conclude_by")),
        Column("协议日期", day("agreement.agreed_on")),
        Column("结案日期", day("closed_on")),
        Column("是否逾期", yes_no("overdue")),
    ]
