"""政府信息公开工作年度报告: the template's six sections, every figure from the statistics."""

from __future__ import annotations

from typing import Any

from services.reporting.domain.narrative import DISCLOSURE_SECTIONS
from services.reporting.reports import disclosure_tables as tables
from services.reporting.reports.document import Incomplete, Paragraph, Report, Section, Table, head, num, pct
from services.reporting.reports.phrases import channels_text, rates_text
from services.reporting.reports.rule_of_law import NUMERALS
from services.reporting.reports.written import merged


def _overview(name: str, year: int, d: dict[str, Any]) -> str:
    a, p, t, f = d["applications"], d["proactive"], d["table_three"], d["table_four"]
    reviews = p["reviews_approved"] + p["reviews_refused"]
    text = (f"{year}年，{name}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持“先审查、后公开”“一事一审”原则。"
            f"全年主动公开政府信息{p['published']}条，其中属于乡镇应当主动公开的重点领域信息{p['mandatory_items']}条；"
            f"完成保密审查{reviews}次（同意公开{p['reviews_approved']}次，不同意公开{p['reviews_refused']}次）。")
    if t["new"]["total"] or t["carried_over"]["total"]:
        text += (f"本年新收政府信息公开申请{t['new']['total']}件，上年结转{t['carried_over']['total']}件，"
                 f"办结{t['concluded']['total']}件，结转下年度继续办理{t['carried_forward']['total']}件，{rates_text(a)}。")
    else:
        text += "本年度未收到政府信息公开申请。"
    return text + (f"因政府信息公开被申请行政复议{f['review']['total']}件，被提起行政诉讼"
                   f"{f['lawsuit_direct']['total'] + f['lawsuit_after_review']['total']}件。")


def _problems(d: dict[str, Any]) -> list[str]:
    a, p, f = d["applications"], d["proactive"], d["table_four"]
    found = []
    if a["unanswered_past_due"]:
        found.append(f"有{a['unanswered_past_due']}件申请超过法定期限尚未答复")
    if a["concluded"] - a["concluded_on_time"]:
        found.append(f"有{a['concluded'] - a['concluded_on_time']}件申请未在法定期限内答复")
    if p["published"] - p["published_on_time"]:
        found.append(f"有{p['published'] - p['published_on_time']}条主动公开信息未在形成或变更之日起20个工作日内公开")
    if p["unpublished_past_due"]:
        found.append(f"有{p['unpublished_past_due']}条信息逾期尚未公开")
    corrected = f["review"]["corrected"] + f["lawsuit_direct"]["corrected"] + f["lawsuit_after_review"]["corrected"]
    if corrected:
        found.append(f"有{corrected}件答复在行政复议或行政诉讼中被纠正")
    if not found:
        return ["本年度政府信息公开申请均在法定期限内答复，主动公开信息均按期公开，未发现答复被行政复议或行政诉讼纠正的情况。"]
    return ["本年度存在以下问题：" + "；".join(found) + "。下一步将逐件分析原因，压实办理责任，严格执行办理时限。"]


def _other(d: dict[str, Any]) -> str:
    a = d["applications"]
    fees = (f"本年度依法收取信息处理费{a['fees_charged']}次，共计{a['fee_amount']}元" if a["fees_charged"]
            else "本年度未收取信息处理费")
    return (f"{fees}。依法延长答复期限{a['extended']}件，书面通知申请人补正{a['corrections_asked']}次，"
            f"征求第三方或其他机关意见{a['consultations']}次。")


def comparison(townships: list[dict[str, Any]]) -> Table:
    """The county roll-up's table of townships."""
    rows = [[head("乡镇"), head("新收申请"), head("答复率"), head("答复及时率"), head("主动公开信息")]]
    rows += [[num(t["name"]), num(t["applications"]), num(pct(t["reply_rate"])), num(pct(t["on_time_rate"])),
              num(t["items_published"])] for t in townships]
    return Table("各乡镇政府信息公开情况对比", rows)



TO_WRITE = {1: "【待填写：政府信息公开工作机制、平台建设、监督保障和教育培训等情况。】",
            5: "【待填写：上年度问题的整改情况和本年度的改进措施。】"}


def _last_year(previous: dict[str, Any] | None) -> list[Paragraph]:
    """五's follow-up: what last year's report found, from last year's events."""
    if previous is None:
        return []
    found = _problems(previous["disclosure"])[0]
    if found.startswith("本年度存在以下问题："):
        return [Paragraph(f"{previous['year']}年度报告所列问题：" + found.removeprefix("本年度存在以下问题：")
                          .split("下一步")[0])]
    return [Paragraph(f"{previous['year']}年度未发现需要整改的问题。")]


def disclosure_report(stats: dict[str, Any], table_two: dict[str, Any] | None = None, final: bool = False,
                      narratives: dict[int, dict[str, Any]] | None = None,
                      previous: dict[str, Any] | None = None) -> Report:
    """The annual report of a township (or, with `townships` in the statistics, of the county), with the
    `table_two` figures the office entered, its officials' `narratives` placed in their sections, and the
    `previous` year's statistics for the follow-up in 五. The `final` form has no marks and is refused while
    table 二's figures are missing."""
    name, year, d = stats["name"], stats["year"], stats["disclosure"]
    county = "townships" in stats
    if final and table_two is None:
        whose = "各乡镇" if county else ""
        raise Incomplete(f"定稿前须由{whose}填报表二的行政许可、行政处罚、行政强制和行政事业性收费数据", field="table_two")
    proactive = Paragraph(f"全年主动公开政府信息{d['proactive']['published']}条，{channels_text(d['proactive'])}。")
    three = Paragraph("本年度政府信息公开申请的收到和处理情况如下表。")
    overview: list[Paragraph | Table] = [Paragraph(_overview(f"{name}各乡镇" if county else name, year, d))]
    if county:
        overview.append(comparison(stats["townships"]))
    generated: dict[int, list[Paragraph | Table]] = {
        1: overview,
        2: [proactive, tables.table_two(d["normative_documents"], table_two)],
        3: [three, tables.table_three(d["table_three"])],
        4: [tables.table_four(d["table_four"])],
        5: [*_last_year(previous), *(Paragraph(p) for p in _problems(d))],
        6: [Paragraph(_other(d))],
    }
    written = narratives or {}
    sections = [Section(f"{NUMERALS[n - 1]}、{heading}",
                        merged(generated[n], written.get(n),
                               [Paragraph(TO_WRITE[n])] if n in TO_WRITE and not final and not county else []))
                for n, heading in DISCLOSURE_SECTIONS.items()]
    title = f"{name}各乡镇{year}年政府信息公开工作情况汇总" if county else f"{name}{year}年政府信息公开工作年度报告"
    return Report("disclosure", title, f"（{year}年1月1日至12月31日）",
                  sections, {"disclosure": d, "not_in_the_events": stats["not_in_the_events"]},
                  {"check_holds": d["table_three"]["check_holds"]}, issuer=_issuer(stats))


def _issuer(stats: dict[str, Any]) -> str:
    return "" if "townships" in stats else f"{stats['name']}人民政府"
