"""法治政府建设年度报告 (draft): the five required sections, figures from events, officials' text merged in."""

from __future__ import annotations

from typing import Any

from services.reporting.domain.narrative import SECTIONS
from services.reporting.reports import rule_of_law_text as text
from services.reporting.reports.document import Paragraph, Report, Section, Table, head, num, pct

TO_WRITE = "【待填写：本部分由报告起草人在系统中填写。】"
COUNTY_NOTE = "【县级汇总稿：各乡镇起草人填写的内容见各乡镇报告。】"
NUMERALS = "一二三四五六七八九十"


def _narrative(narratives: dict[int, dict[str, Any]] | None, section: int) -> list[Paragraph]:
    if narratives is None:  # the county draft: the townships' texts stay in their own reports
        return [Paragraph(COUNTY_NOTE)]
    written = narratives.get(section)
    if not written:
        return [Paragraph(TO_WRITE)]
    return [Paragraph(p.strip()) for p in written["text"].split("\n") if p.strip()]


def _achievements(stats: dict[str, Any], three_zero: dict[str, Any]) -> list[Paragraph]:
    name, w = stats["name"], stats["work_records"]
    parts = [
        ("着力依法化解矛盾纠纷", text.mediation_text(name, stats["mediation"])),
        ("畅通信访渠道，依法处理信访事项", text.petition_text(stats["petition"])),
        ("推进政务公开和政府信息公开", text.disclosure_text(stats["disclosure"])),
        ("主动接受人大和社会监督", text.suggestions_text(stats["petition"]["suggestions"])),
        ("扎实开展法治宣传教育", text.publicity_text(f"全{name[-1]}", w) + text.three_zero_text(three_zero["villages"],
                                                                         three_zero["zero_petitions"])),
        ("坚持依法决策，发挥法律顾问作用", text.advisors_text(w) + text.training_text(w)),
    ]
    blocks = []
    for i, (heading, body) in enumerate(parts):
        blocks += [Paragraph(f"（{NUMERALS[i]}）{heading}", heading=True), Paragraph(body)]
    return blocks


def _shortfalls(stats: dict[str, Any]) -> Paragraph:
    d, p = stats["mediation"]["disputes"], stats["petition"]["cases"]
    a = stats["disclosure"]["applications"]
    found = [f"{label}{n}件" for label, n in (
        ("逾期未办结的矛盾纠纷", d["overdue_today"]), ("逾期未办理的信访事项", p["overdue_today"]),
        ("超过法定期限未答复的政府信息公开申请", a["unanswered_past_due"]),
        ("未按期答复的信访事项", p["replied"] - p["replied_on_time"]),
        ("调解不成的矛盾纠纷", d["failed"])) if n]
    if not found:
        return Paragraph("系统数据显示，本年度各类事项均在期限内办理。")
    return Paragraph("系统数据显示：" + "，".join(found) + "。")


def _duties(stats: dict[str, Any]) -> Paragraph:
    r, a = stats["petition"]["receptions"], stats["work_records"]["advisors"]
    return Paragraph(f"党政主要负责人和班子成员全年开展定期接访{r['by_kind']['leader']}次，"
                     f"参加“两代表一委员”联合接访{r['by_kind']['joint']}次，各接访日共接待群众{r['visitors']}人次；"
                     f"重大事项决策前听取法律顾问意见{a['opinions']}次。")


def comparison(townships: list[dict[str, Any]]) -> Table:
    """The county draft's table of townships."""
    rows = [[head("乡镇"), head("登记纠纷"), head("调解成功"), head("小事不出村率"), head("信访事项"), head("按期答复率"),
             head("接访日"), head("普法活动"), head("参与人次")]]
    rows += [[num(t["name"]), num(t["disputes_registered"]), num(t["disputes_agreed"]),
              num(pct(t["resolved_in_village_share"])), num(t["petitions"]),
              num(pct(t["petition_reply_on_time_rate"])), num(t["reception_days"]), num(t["publicity_activities"]),
              num(t["publicity_participants"])] for t in townships]
    return Table("各乡镇法治建设主要数据对比", rows)


def rule_of_law_report(stats: dict[str, Any], narratives: dict[int, dict[str, Any]] | None) -> Report:
    """A township's draft with its officials' `narratives`, or the county's (statistics with `townships`, no
    narratives)."""
    name, year = stats["name"], stats["year"]
    three_zero = stats["three_zero"] if "townships" in stats else stats["villages"]["three_zero"]
    intro = Paragraph(f"{year}年，{name}全面履行政府职能，紧扣依法行政总体目标，法治政府建设取得了较好成果。"
                      f"现将{name}{year}年度法治政府建设工作的主要情况报告如下：")
    first = [*_achievements(stats, three_zero), *_narrative(narratives, 1)]
    if "townships" in stats:
        first.append(comparison(stats["townships"]))
    bodies = {1: first, 2: [_shortfalls(stats), *_narrative(narratives, 2)],
              3: [_duties(stats), *_narrative(narratives, 3)],
              4: _narrative(narratives, 4), 5: _narrative(narratives, 5)}
    sections = [Section(f"{NUMERALS[n - 1]}、{SECTIONS[n]}", bodies[n]) for n in SECTIONS]
    figures = {k: stats[k] for k in ("mediation", "disclosure", "petition", "work_records")}
    return Report("rule-of-law", f"{name}{year}年度法治政府建设工作报告（草稿）", "", sections,
                  {**figures, "three_zero": three_zero, "not_in_the_events": stats["not_in_the_events"]},
                  {"narratives": {str(k): v for k, v in sorted((narratives or {}).items())}}, [intro],
                  issuer="" if "townships" in stats else f"{name}人民政府")
