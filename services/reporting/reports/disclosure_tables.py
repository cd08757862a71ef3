"""Tables 二, 三 and 四 of the annual disclosure report, laid out as the national template lays them out
(国办公开办函〔2021〕30号): the same rows, columns and merged cells."""

from __future__ import annotations

from typing import Any

from services.disclosure.contract import APPLICANT_COLUMNS, CASE_RESULT_LABELS, OUTCOME_GROUPS
from services.reporting.figures.disclosure import COLUMNS, RESULTS
from services.reporting.reports.document import Cell, Table, head, num

NOT_IN_EVENTS = "注：“—”表示该项数据尚未填报（报告 › 表二数据）。"
ORGS = [label for key, label in APPLICANT_COLUMNS.items() if key != "natural_person"]


def table_two(docs: dict[str, int], entered: dict[str, Any] | None) -> Table:
    """二、主动公开政府信息情况: articles 20 (一), (五), (六), (八) of the regulation. 行政规范性文件 come from the
    disclosure desk's events; 许可, 处罚, 强制 and 收费 from what the office `entered` for the year (a dash
    and a note saying so while nothing is entered)."""
    def figure(key: str) -> Cell:
        return Cell("—" if entered is None else str(entered[key]), colspan=3)

    issued_head = [head("信息内容"), head("本年制发件数"), head("本年废止件数"), head("现行有效件数")]
    decisions_head = [head("信息内容"), head("本年处理决定数量", colspan=3)]
    rows = [
        [head("第二十条第（一）项", colspan=4)], issued_head,
        [Cell("规章"), num(0), num(0), num(0)],  # neither a township nor a county may make 规章
        [Cell("行政规范性文件"), num(docs["issued"]), num(docs["repealed"]), num(docs["in_force"])],
        [head("第二十条第（五）项", colspan=4)], decisions_head, [Cell("行政许可"), figure("licences")],
        [head("第二十条第（六）项", colspan=4)], decisions_head,
        [Cell("行政处罚"), figure("penalties")], [Cell("行政强制"), figure("enforcement")],
        [head("第二十条第（八）项", colspan=4)], [head("信息内容"), head("本年收费金额（单位：万元）", colspan=3)],
        [Cell("行政事业性收费"), figure("fees")],
    ]
    return Table("二、主动公开政府信息情况", rows, [] if entered is not None else [NOT_IN_EVENTS])


def _figures(cells: dict[str, int]) -> list[Cell]:
    return [num(cells[c]) for c in COLUMNS] + [num(cells["total"])]


def table_three(t: dict[str, Any]) -> Table:
    """三、收到和处理政府信息公开申请情况: applicant columns, the rows 一 to 四, and the arithmetic check."""
    rows: list[list[Cell]] = [
        [head("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan=3, rowspan=3),
         head("申请人情况", colspan=7)],
        [head("自然人", rowspan=2), head("法人或其他组织", colspan=5), head("总计", rowspan=2)],
        [head(label) for label in ORGS],
        [Cell("一、本年新收政府信息公开申请数量", colspan=3), *_figures(t["new"])],
        [Cell("二、上年结转政府信息公开申请数量", colspan=3), *_figures(t["carried_over"])],
    ]
    result_rows = sum(len(group) for group in OUTCOME_GROUPS.values()) + 1
    first = True
    for group, outcomes in OUTCOME_GROUPS.items():
        lead = [Cell("三、本年度办理结果", rowspan=result_rows)] if first else []
        first = False
        if len(outcomes) == 1:
            [(outcome, _)] = outcomes.items()
            rows.append([*lead, Cell(group, colspan=2), *_figures(t["outcomes"][outcome])])
            continue
        for i, (outcome, label) in enumerate(outcomes.items()):
            group_cell = [Cell(group, rowspan=len(outcomes))] if i == 0 else []
            rows.append([*(lead if i == 0 else []), *group_cell, Cell(label), *_figures(t["outcomes"][outcome])])
    rows.append([Cell("（七）总计", colspan=2), *_figures(t["concluded"])])
    rows.append([Cell("四、结转下年度继续办理", colspan=3), *_figures(t["carried_forward"])])
    total = t["new"]["total"] + t["carried_over"]["total"]
    check = (f"勾稽关系核对：一（{t['new']['total']}）＋二（{t['carried_over']['total']}）＝{total}；"
             f"三（七）（{t['concluded']['total']}）＋四（{t['carried_forward']['total']}）＝"
             f"{t['concluded']['total'] + t['carried_forward']['total']}；"
             + ("各列均成立。" if t["check_holds"] else "不成立，请核查。"))
    return Table("三、收到和处理政府信息公开申请情况", rows, [check])


def table_four(t: dict[str, dict[str, int]]) -> Table:
    """四、政府信息公开行政复议、行政诉讼情况: reviews, lawsuits filed directly, lawsuits after review."""
    results = [CASE_RESULT_LABELS[r] for r in CASE_RESULT_LABELS] + ["总计"]
    rows = [
        [head("行政复议", colspan=5), head("行政诉讼", colspan=10)],
        [*(head(label, rowspan=2) for label in results), head("未经复议直接起诉", colspan=5), head("复议后起诉", colspan=5)],
        [head(label) for label in results * 2],
        [num(t[part][r]) for part in ("review", "lawsuit_direct", "lawsuit_after_review") for r in [*RESULTS, "total"]],
    ]
    return Table("四、政府信息公开行政复议、行政诉讼情况", rows)
