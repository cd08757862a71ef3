"""Alert notifications as people read them: Chinese, county time, township and village, the reasons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fazhi.clock import CHINA
from fazhi.county import County
from services.reporting.alerts.domain import words

RULES, LEVELS, SEVERITIES, REASONS, CASES = words.RULES, words.LEVELS, words.SEVERITIES, words.REASONS, words.CASES
EVENTS = {
    "reporting.alert.raised": "新告警", "reporting.alert.escalated": "告警升级",
    "reporting.alert.released": "告警发出", "reporting.alert.acknowledged": "告警已确认",
    "reporting.alert.resolved": "告警已解决",
}


def local_time(at: str | datetime) -> str:
    """`2026-03-02 10:00（北京时间）`: the county's clock, to the minute."""
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    return f"{moment.astimezone(CHINA):%Y-%m-%d %H:%M}（北京时间）"


def reasons(alert: dict[str, Any]) -> list[str]:
    """Why the alert fired, in words."""
    details = alert.get("details") or {}
    found = [REASONS.get(code, code) for code in [*details.get("reasons", []), *details.get("risk_flags", [])]]
    if "due_on" in details:
        found.append(f"期限 {details['due_on']}")
    if "village_due_on" in details:
        found.append(f"村级化解期限 {details['village_due_on']}")
    if details.get("group_size"):
        found.append(f"来访 {details['group_size']} 人")
    if "count" in details and "window_days" in details:
        found.append(f"{details['window_days']} 天内 {details['count']} 次")
    if "month" in details:
        found.append(f"月份 {details['month']}")
    if "attempts" in details and "failing_since" in details:
        found.append(f"自 {local_time(details['failing_since'])} 起 {details['attempts']} 次推送未被接收")
    if details.get("subject"):
        found.append(str(details["subject"]))
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Message:
    """One notification in words: a title, plain-text lines, and the same as markdown."""

    title: str
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join([self.title, *self.lines])

    @property
    def markdown(self) -> str:
        return "\n".join([f"### {self.title}", *(f"> {line}" for line in self.lines)])


def message(body: dict[str, Any], county: County) -> Message:
    """The notification `body` (an `AlertNotification`) in Chinese, with names from the county file."""
    alert = body["alert"]
    township = _township_name(county, body["township"])
    where = township + (f" {_village_name(county, body['township'], alert['village'])}" if alert.get("village") else "")
    rule = RULES.get(alert["rule"], alert["rule"])
    what = EVENTS.get(body["type"], body["type"])
    lines = [
        f"地点：{where}",
        f"级别：{LEVELS.get(alert['level'], alert['level'])} · {SEVERITIES.get(alert['severity'], alert['severity'])}",
        f"发生时间：{local_time(alert['raised_at'])}",
    ]
    if found := reasons(alert):
        lines.append(f"原因：{'；'.join(found)}")
    subject = alert["subject"]
    lines.append(f"对象：{CASES.get(subject['kind'], subject['kind'])} {subject['id']}")
    if body["type"] == "reporting.alert.acknowledged" and alert.get("acknowledged"):
        lines.append(f"确认人：{alert['acknowledged']['by']}")
    if body["type"] == "reporting.alert.resolved" and alert.get("resolved"):
        lines.append(f"处理结果：{alert['resolved']['reason']}")
    lines.append(f"告警编号：{alert['id']}")
    return Message(f"【{what}】{township}{rule}", lines)


def _township_name(county: County, code: str) -> str:
    if code == county.code:
        return county.name
    return next((t.name for t in county.townships if t.code == code), code)


def _village_name(county: County, township: str, village: str) -> str:
    for t in county.townships:
        if t.code == township:
            return next((v.name for v in t.villages if v.code == village), village)
    return village
