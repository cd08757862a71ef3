"""Phrases both reports print the same way."""

from __future__ import annotations

from typing import Any

from services.reporting.reports.document import pct

CHANNELS = {"website": "政府网站", "wechat": "政务微信公众号", "notice_board": "政务公开栏"}


def rates_text(applications: dict[str, Any]) -> str:
    """"答复率和答复及时率均达100%" when they agree, both figures otherwise."""
    reply, on_time = applications["reply_rate"], applications["on_time_rate"]
    if reply is None:
        return "无到期应答复的申请"
    if reply == on_time:
        return f"答复率和答复及时率均达{pct(reply)}"
    return f"答复率{pct(reply)}，答复及时率{pct(on_time)}"


def channels_text(proactive: dict[str, Any]) -> str:
    counts = proactive["by_channel"]
    return "其中通过" + "、".join(f"{label}发布{counts.get(key, 0)}条次" for key, label in CHANNELS.items())


def counted(items: dict[str, int], labels: dict[str, str], unit: str) -> str:
    """"网上3件、来信2件" for the non-zero entries, in the labels' order."""
    return "、".join(f"{label}{items[key]}{unit}" for key, label in labels.items() if items.get(key))
