"""信访事项登记台账: the columns a petition list exports as, from the body the list route shows."""

from __future__ import annotations

from typing import Any

from fazhi.county import County
from fazhi.ledger import Column, day, dig, joined, names, number, text, yes_no

TITLE = "信访事项登记台账"
DECISIONS = {"accept": "受理", "decline": "不予受理", "transfer": "转送"}


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
        Column("信访形式", text("channel_label")),
        Column("信访人", names("petitioners")),
        Column("代表人", names("representatives")),
        Column("人数", number("group_size")),
        Column("村（社区）", village),
        Column("信访事项", text("subject")),
        Column("诉求", joined("claims", "；")),
        Column("是否越级", yes_no("bypassed_level")),
        Column("重复信访次数", number("repeat_count")),
        Column("受理意见", lambda b: DECISIONS.get(dig(b, "acceptance.decision") or "")),
        Column("办理状态", text("status_label")),
        Column("受理期限", day("deadlines.acceptance_by")),
        Column("办理期限", day("deadlines.handling_by")),
        Column("答复日期", day("reply.replied_on")),
        Column("结案日期", day("closed_on")),
        Column("是否逾期", yes_no("overdue")),
    ]
