"""The lists a township sends up as spreadsheets: figures per village, per township, and open deadlines."""

from __future__ import annotations

from typing import Any

from fazhi.county import County
from services.reporting.reports.document import Cell, Table, head, num
from services.reporting.reports.rule_of_law import comparison

VILLAGE_COLUMNS = {  # statistics key → the column's heading
    "name": "村（社区）", "disputes_registered": "登记矛盾纠纷", "agreed_in_village": "村内调解成功",
    "screening_rounds": "排查次数", "zero_reports": "零报告次数", "petitions": "信访事项",
    "petitions_bypassing_level": "越级信访", "group_petitions": "集体访", "publicity_activities": "普法活动",
    "publicity_participants": "普法参与人次",
}
WHAT_IS_DUE = {  # deadline kind → what the desk must do by the date
    "mediation.dispute": "调结矛盾纠纷", "mediation.committee": "调委会换届",
    "disclosure.request": "答复政府信息公开申请", "disclosure.publication": "主动公开信息（形成后20个工作日内）",
    "petition.case": "受理、办理或复查复核信访事项", "petition.reception_day": "举行领导接访日",
    "petition.suggestion": "答复代表建议、委员提案",
}


def village_table(stats: dict[str, Any]) -> Table:
    """One row per village of a township for the year, and the township's total."""
    rows: list[list[Cell]] = [[head(label) for label in VILLAGE_COLUMNS.values()]]
    villages = stats["villages"]["rows"]
    rows += [[num(v[key]) for key in VILLAGE_COLUMNS] for v in villages]
    rows.append([Cell("合计"), *(num(sum(v[key] or 0 for v in villages)) for key in list(VILLAGE_COLUMNS)[1:])])
    return Table(f"{stats['name']}{stats['year']}年各村法治工作统计", rows)


def township_table(stats: dict[str, Any]) -> Table:
    """The county's comparison of its townships (a roll-up of what each township recorded)."""
    table = comparison(stats["townships"])
    return Table(f"{stats['name']}{stats['year']}年各乡镇法治工作统计", table.rows, table.notes)


def deadline_table(deadlines: dict[str, Any], county: County) -> Table:
    """Overdue work first, then what falls due soon, with the days left (negative when overdue)."""
    townships = {t.code: t for t in county.townships}
    villages = {(t.code, v.code): v.name for t in county.townships for v in t.villages}
    rows: list[list[Cell]] = [[head(h) for h in ("状态", "乡镇", "村", "事项", "应办事项", "期限", "剩余天数", "编号")]]
    for status, items in (("已逾期", deadlines["overdue"]), ("即将到期", deadlines["due_soon"])):
        rows += [[Cell(status), Cell(townships[i["township"]].name if i["township"] in townships else i["township"]),
                  Cell(villages.get((i["township"], i["village"]), i["village"] or "")),
                  Cell(i["title"] or ""), Cell(WHAT_IS_DUE.get(i["kind"], i["due"])), Cell(i["due_on"]),
                  Cell(str(i["days_left"])), Cell(i["id"])] for i in items]
    return Table(f"期限清单（截至{deadlines['as_of']}）", rows)
