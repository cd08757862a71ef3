"""法治政府建设年度报告 (draft): the five required sections, figures from events, officials' text merged in."""

from __future__ import annotations

from typing import Any

from services.reporting.domain.narrative import SECTIONS
from services.reporting.reports import rule_of_law_text as text
from services.reporting.reports.document import Incomplete, Paragraph, Report, Section, Table, head, num, pct
from services.reporting.reports.written import merged

TO_WRITE = "【待填写：本部分由报告起草人在系统中填写。】"
COUNTY_NOTE = "【县级汇总稿：各乡镇起草人填写的内容见各乡镇报告。】"
COUNTY_FINAL = "各乡镇的相关情况见各乡镇报告。"
NUMERALS = "一二三四五六七八九十"
REQUIRED = (4,)  # the sections nothing in the events can write: a final report needs the officials' text


def _narrative(narratives: dict[int, dict[str, Any]] | None, section: int, final: bool,
               generated: list[Paragraph | Table]) -> list[Paragraph | Table]:
    if narratives is None:  # the county roll-up: the townships' texts stay in their own reports
        return [*generated, Paragraph(COUNTY_FINAL if final else COUNTY_NOTE)]
    return merged(generated, narratives.get(section), [] if final else [Paragraph(TO_WRITE)])


def _achievements(stats: dict[str, Any], three_zero: dict[str, Any], final: bool) -> list[Paragraph]:
    name, w = stats["name"], stats["work_records"]
    area = "乡镇" if "townships" in stats else f"全{name[-1]}"  # a roll-up's widest events are township-wide
    parts = [
        ("着力依法化解矛盾纠纷", text.mediation_text(name, stats["mediation"], stats["as_of"])),
        ("畅通信访渠道，依法处理信访事项", text.petition_text(stats["petition"])),
        ("推进政务公开和政府信息公开", text.disclosure_text(stats["disclosure"])),
        ("主动接受人大和社会监督", text.suggestions_text(stats["petition"]["suggestions"])),
        ("扎实开展法治宣传教育", text.publicity_text(area, w) + text.three_zero_text(
            three_zero["villages"], three_zero["zero_petitions"], final)),
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


def missing_sections(narratives: dict[int, dict[str, Any]] | None) -> list[int]:
    """The required sections a township's officials have not written yet (none for the county roll-up)."""
    if narratives is None:
        return []
    return [n for n in REQUIRED if not (narratives.get(n) or {}).get("text", "").strip()]


def rule_of_law_report(stats: dict[str, Any], narratives: dict[int, dict[str, Any]] | None,
                       final: bool = False) -> Report:
    """A township's report with its officials' `narratives`, or the county's roll-up of its townships
    (statistics with `townships`, no narratives). The draft marks what is still to write; the `final`
    form has no marks and is refused (`Incomplete`, naming the sections) while a required section is empty."""
    name, year = stats["name"], stats["year"]
    county = "townships" in stats
    if final and (missing := missing_sections(narratives)):
        named = "、".join(f"第{NUMERALS[n - 1]}部分（{SECTIONS[n]}）" for n in missing)
        raise Incomplete(f"定稿前须填写：{named}", field="narratives")
    three_zero = stats["three_zero"] if county else stats["villages"]["three_zero"]
    whose = f"{name}各乡镇" if county else name
    intro = Paragraph(f"{year}年，{whose}全面履行政府职能，紧扣依法行政总体目标，法治政府建设取得了较好成果。"
                      f"现将{whose}{year}年度法治政府建设工作的主要情况报告如下：")
    first: list[Paragraph | Table] = [*_achievements(stats, three_zero, final)]
    if county:
        first.append(comparison(stats["townships"]))
    generated: dict[int, list[Paragraph | Table]] = {1: first, 2: [_shortfalls(stats)], 3: [_duties(stats)], 4: [], 5: []}
    bodies = {n: _narrative(narratives, n, final, generated[n]) for n in SECTIONS}
    sections = [Section(f"{NUMERALS[n - 1]}、{SECTIONS[n]}", bodies[n]) for n in SECTIONS]
    figures = {k: stats[k] for k in ("mediation", "disclosure", "petition", "work_records")}
    title = (f"{name}各乡镇{year}年度法治政府建设工作情况汇总" if county
             else f"{name}{year}年度法治政府建设工作报告")
    return Report("rule-of-law", title if final else f"{title}（草稿）", "", sections,
                  {**figures, "three_zero": three_zero, "not_in_the_events": stats["not_in_the_events"]},
                  {"narratives": {str(k): v for k, v in sorted((narratives or {}).items())}}, [intro],
                  issuer="" if "townships" in stats else f"{name}人民政府")
