"""A service's problem+json turned into Chinese messages at the form fields they name (GOV.UK pattern).

The services name the field of every input error (`field`, and `errors` for several); a page
maps those names to its own fields. Messages the services give in English are put into Chinese
here until every service speaks Chinese itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"ID number check digit is (\w), expected (\w)"), r"身份证号码校验位为\1，按前17位应为\2，请核对"),
    (re.compile(r"ID number must have 18 characters, got (\d+)"), r"身份证号码应为18位，现为\1位"),
    (re.compile(r"ID number must be 17 digits followed by a digit or X"), "身份证号码应为17位数字加1位数字或X"),
    (re.compile(r"birth date (\d+) in the ID number is not a date"), r"身份证号码中的出生日期\1不是有效日期"),
    (re.compile(r"birth date (\d+) in the ID number is before 1900"), r"身份证号码中的出生日期\1早于1900年"),
    (re.compile(r"birth date (\d+) in the ID number is in the future"), r"身份证号码中的出生日期\1晚于今天"),
    (re.compile(r"^Field required"), "此项必填"),
    (re.compile(r"^String should have at least 1 character"), "此项不能为空"),
    (re.compile(r"^String should have at most (\d+) characters?"), r"不能超过\1个字"),
    (re.compile(r"^String should match pattern"), "格式不正确"),
    (re.compile(r"^Input should be greater than or equal to (\S+)"), r"应不小于\1"),
    (re.compile(r"^Input should be less than or equal to (\S+)"), r"应不大于\1"),
    (re.compile(r"^Input should be a valid integer"), "应为整数"),
    (re.compile(r"^Input should be a valid (number|decimal)"), "应为数字"),
    (re.compile(r"^Input should be a valid date"), "应为日期（年-月-日）"),
    (re.compile(r"^Input should be '"), "请从列表中选择"),
    (re.compile(r"^List should have at least 1 item"), "至少填写一项"),
    (re.compile(r"^Decimal input should have no more than 2 decimal places"), "最多两位小数"),
    (re.compile(r"unknown village"), "该村不属于本乡镇"),
    (re.compile(r"^a village-level dispute needs its village"), "村级纠纷须选择所在村"),
]
_CJK = re.compile(r"[\u4e00-\u9fff]")


_WITH_ORIGINAL = re.compile(r"^(?P<chinese>.*?)（(?P<original>[^（）]*)）$")  # the services' "中文（English）"


def in_chinese(message: str) -> str:
    """The message in Chinese: a known English message translated, a Chinese one as it is (the English
    original a service keeps after its translation is read for a plainer wording, else dropped)."""
    shown = _WITH_ORIGINAL.match(message)
    if shown and not _CJK.search(shown["original"]) and _CJK.search(shown["chinese"]):
        for pattern, replacement in _PATTERNS:
            if pattern.search(shown["original"]):
                return pattern.sub(replacement, shown["original"]) if "\\" in replacement else replacement
        return shown["chinese"]
    if _CJK.search(message):
        return message
    for pattern, replacement in _PATTERNS:
        if pattern.search(message):
            return pattern.sub(replacement, message) if "\\" in replacement else replacement
    return f"输入有误（{message}）"


@dataclass
class FormErrors:
    """Messages by form field, in the order the summary lists them; `general` has no field."""

    by_field: dict[str, str]
    general: list[str]

    def __bool__(self) -> bool:
        return bool(self.by_field or self.general)

    @classmethod
    def none(cls) -> FormErrors:
        return cls({}, [])

    def add(self, field: str | None, message: str) -> None:
        if field is None:
            self.general.append(message)
        else:
            self.by_field.setdefault(field, message)


def from_problem(problem: Any, fields: Mapping[str, str], status: int) -> FormErrors:
    """A service's problem body as messages at the page's fields (`fields`: service field → form field)."""
    errors = FormErrors.none()
    if not isinstance(problem, dict):
        errors.add(None, f"服务返回错误（{status}），请稍后再试。")
        return errors
    items = problem.get("errors") or [{"field": problem.get("field"), "reason": problem.get("detail", "")}]
    for item in items:
        service_field = item.get("field")
        message = in_chinese(str(item.get("reason") or problem.get("detail") or ""))
        form_field = fields.get(service_field or "")
        if form_field is None and service_field:
            form_field = next((f for s, f in fields.items() if service_field.startswith(s + ".")), None)
        errors.add(form_field, message)
    if status == 403:
        errors.general.insert(0, "您没有权限进行此操作。")
    elif status == 409 and not errors.by_field:
        errors.general[:] = [f"当前状态不允许此操作：{in_chinese(str(problem.get('detail', '')))}"]
    elif status == 412:
        errors.general[:] = ["此案件刚被他人修改，请刷新后再试。"]
    return errors
