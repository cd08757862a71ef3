"""The figure paragraphs of the rule-of-law report, written the way the township's own summary reads."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.reporting.reports.document import pct
from services.reporting.reports.phrases import counted, rates_text

PETITION_CHANNELS = {"online": "网上", "letter": "来信", "phone": "来电", "visit": "来访", "fax": "传真"}
THEMES = {"constitution": "《宪法》", "civil_code": "《民法典》", "anti_fraud": "反诈骗", "anti_gang": "扫黑除恶",
          "safe_village": "平安建设", "other": "其他主题"}


def mediation_text(name: str, m: dict[str, Any], as_of: str) -> str:
    """依法化解矛盾纠纷: the network, the screening, the disputes (declined and still open too) and the two shares."""
    k, s, d = m["committees"], m["screening"], m["disputes"]
    network = {2: "形成二级调解网络结构", 1: "形成一级调解网络"}.get(k["network_levels"], "调解网络尚未登记")
    text = (f"{name}现有人民调解委员会{k['committees']}个（乡级{k['township_committees']}个、村级{k['village_committees']}个），"
            f"配置专职调解员{k['full_time_mediators']}名，{network}，以属地调解为主。"
            f"全年开展矛盾纠纷排查{s['rounds']}次，其中零报告{s['zero_reports']}次。"
            f"登记矛盾纠纷{d['registered']}件，调解成功{d['agreed']}件（村级{d['agreed_in_village']}件、"
            f"乡级{d['agreed_in_township']}件），调解不成{d['failed']}件，移交县级{d['escalated_to_county']}件，"
            f"不予受理{d['declined']}件")
    if d["open_today"]:
        day = date.fromisoformat(as_of)
        text += f"，截至{day.year}年{day.month}月{day.day}日尚在调解{d['open_today']}件"
    if d["concluded"]:
        text += (f"；小事不出村率{pct(d['resolved_in_village_share'])}，"
                 f"大事不出乡率{pct(d['resolved_in_township_share'])}")
    text += "。"
    if d["major"]:  # how each was reported is the alerts' record, not a figure here: the count, no claim
        text += f"其中重大矛盾纠纷{d['major']}件。"
    return text + (f"申请司法确认{d['judicial_confirmations']}件，开展回访{d['follow_up_visits']}次，"
                   f"经回访调解协议全部履行{d['performance']['full']}件。")


def petition_text(p: dict[str, Any]) -> str:
    """畅通信访渠道: cases by channel, acceptance and replies in time, satisfaction, receptions."""
    c, r = p["cases"], p["receptions"]
    channels = counted(c["by_channel"], PETITION_CHANNELS, "件")
    text = f"全年登记信访事项{c['registered']}件" + (f"（{channels}）" if channels else "")
    text += (f"，其中集体访{c['group_visits']}件、重复信访{c['repeat']}件、越级信访{c['bypassed_level']}件。"
             f"依法受理{c['accepted']}件，不予受理{c['declined']}件，转送有权机关{c['transferred']}件，"
             f"转人民调解{c['referred_to_mediation']}件；书面答复{c['replied']}件")
    if c["replied"]:
        text += f"，按期答复率{pct(c['reply_on_time_rate'])}"
    if c["satisfaction_rate"] is not None:
        text += f"，群众满意率{pct(c['satisfaction_rate'])}"
    text += f"。申请复查{c['review']['requested']}件、复核{c['recheck']['requested']}件。"
    return text + (f"落实党政班子成员定期接访制度，开展领导接访{r['by_kind']['leader']}次、"
                   f"“两代表一委员”联合接访{r['by_kind']['joint']}次，接待群众{r['visitors']}人次。")


def disclosure_text(d: dict[str, Any]) -> str:
    """推进政务公开: proactive items, reviews, applications and the two rates."""
    p, a = d["proactive"], d["applications"]
    text = (f"坚持“先审查、后公开”“一事一审”原则，全年主动公开政府信息{p['published']}条，"
            f"完成保密审查{p['reviews_approved'] + p['reviews_refused']}次。")
    if a["received"] or a["concluded"]:
        return text + f"受理政府信息公开申请{a['received']}件，办结{a['concluded']}件，{rates_text(a)}。"
    return text + "本年度未收到政府信息公开申请。"


def suggestions_text(s: dict[str, Any]) -> str:
    """主动接受人大和社会监督: deputies' suggestions answered in time and their feedback."""
    text = f"承办人大代表建议、政协委员提案{s['received']}件，答复{s['answered']}件"
    if s["answered"]:
        text += f"，按期答复率{pct(s['on_time_rate'])}"
    if s["satisfaction_rate"] is not None:
        text += f"，代表委员满意或基本满意率{pct(s['satisfaction_rate'])}"
    return text + "，办理结果均向代表、委员反馈。"


def publicity_text(area: str, w: dict[str, Any]) -> str:
    """扎实开展法治宣传教育: activities, person-times, themes, villages reached."""
    p = w["publicity"]
    themes = "、".join(f"{THEMES[k]}{v['activities']}场" for k, v in p["by_theme"].items() if v["activities"])
    text = f"全年开展普法宣传活动{p['activities']}场，参与{p['participants']}人次"
    text += f"，其中{themes}" if themes else ""
    return text + f"，覆盖{p['villages_reached']}个村，{area}范围活动{p['township_wide']}场。"


def advisors_text(w: dict[str, Any]) -> str:
    """法律顾问: the firms, what they cover, the opinions heard before major decisions."""
    a = w["advisors"]
    if not a["engagements"]:
        return "本年度尚未登记法律顾问服务协议。"
    return (f"与{a['law_firms']}家律所签订法律顾问服务协议，其中{a['government_advisor_firms']}家担任政府法律顾问，"
            f"{a['village_advisor_firms']}家律所对接{a['villages_covered']}个村委会公共法律服务；"
            f"讨论、决定重大事项前听取法律顾问法律意见{a['opinions']}次。")


def training_text(w: dict[str, Any]) -> str:
    t = w["trainings"]
    return f"加强行政执法队伍建设，组织行政执法人员培训{t['trainings']}期，参训{t['attendees']}人次。"


def three_zero_text(villages: int, zero: int, final: bool = False) -> str:
    """零上访 is counted from the petitions; 零事故 and 零案件 no service records, so the final form states
    nothing about them and the draft says they are still to check."""
    text = f"深入开展“三零”平安创建，{villages}个村中{zero}个村全年无越级信访（零上访）"
    return text + ("。" if final else "；零事故、零案件两项尚无业务系统数据，需另行核实。")
