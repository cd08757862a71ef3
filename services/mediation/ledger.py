"""矛盾纠纷排查化解台账: the columns a dispute list exports as, from the body the list route shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from fazhi.county import RISK_FLAG_LABELS, County, RiskFlag
from fazhi.events import NewEvent
from fazhi.ledger import Column, day, names, number, text, yes_no
from fazhi.ledger_import import IMPORT_BACKDATE_DAYS, Built, Case, Cells, Field, Ledger
from fazhi.numbering import NUMBER_FIELD
from services.mediation.contract import LABELS, Category, Level, Party, Source
from services.mediation.domain import Dispute, Policy
from services.mediation.views import project_dispute

TITLE = "矛盾纠纷排查化解台账"


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
        Column("调解组织", text("level_label")),
        Column("村（社区）", village),
        Column("来源", text("source_label")),
        Column("纠纷类别", text("category_label")),
        Column("当事人", names("parties")),
        Column("涉及人数", number("people_involved")),
        Column("涉案金额（元）", number("amount")),
        Column("简要情况", text("description")),
        Column("风险情形", lambda b: "、".join(b.get("risk_flags_labels") or [])),
        Column("纠纷等级", text("severity_label")),
        Column("办理状态", text("status_label")),
        Column("调解员", text("mediator")),
        Column("受理日期", day("accepted_on")),
        Column("调结期限", day("deadlines.conclude_by")),
        Column("协议日期", day("agreement.agreed_on")),
        Column("结案日期", day("closed_on")),
        Column("是否逾期", yes_no("overdue")),
    ]


# -- importing a historical ledger ---------------------------------------------------------------

IMPORTABLE_SOURCES = {k: v for k, v in LABELS[Source].items() if k is not Source.REFERRAL}  # a referral names its petition
FIELDS = [
    Field("案号", True, "原台账的案号，照原样保留（本乡镇内不可重复）"),
    Field("收到日期", True, "纠纷来到调委会的日期，调解期限从这天起算；可早于平常的补登期限"),
    Field("登记日期", False, "登记入台账的日期（空则同收到日期），不早于收到日期、不晚于今天"),
    Field("调解组织", True, "", tuple(LABELS[Level].values())),
    Field("村（社区）", False, "村名或村代码；村人民调解委员会调解的纠纷必填"),
    Field("来源", True, "", tuple(IMPORTABLE_SOURCES.values())),
    Field("纠纷类别", True, "", tuple(LABELS[Category].values())),
    Field("当事人", True, "姓名，多人用“、”分隔"),
    Field("身份证号", False, "与当事人顺序一致，用“、”分隔，无则留空位；校验位须正确"),
    Field("联系电话", False, "与当事人顺序一致，用“、”分隔"),
    Field("涉及人数", False, "整数，空则为当事人人数"),
    Field("涉案金额（元）", False, "数字"),
    Field("简要情况", True, "纠纷的简要情况"),
    Field("风险情形", False, "多项用“、”分隔", tuple(RISK_FLAG_LABELS.values())),
]
HEADINGS = {"received_on": "收到日期", "registered_on": "登记日期", "village": "村（社区）", "level": "调解组织",
            "people_involved": "涉及人数", "amount": "涉案金额（元）", "parties": "当事人", "source": "来源"}


@dataclass(frozen=True)
class DisputeRow:
    received_on: date
    level: Level
    village: str | None
    source: Source
    category: Category
    parties: list[Party]
    people_involved: int
    amount: Decimal | None
    description: str
    risk_flags: list[RiskFlag]


def importing(county: County, township: str, today: date) -> Ledger[DisputeRow]:
    """The dispute ledger's import: rows checked here (in Chinese), registrations decided by the domain."""
    villages = county.township(township).villages
    by_name = {**{v.code: v.code for v in villages}, **{v.name: v.code for v in villages}}
    rules = county.rules_for(township)
    # Import is the documented exception to how far back an arrival may be registered.
    policy = Policy(rules.model_copy(update={"backdate_days": IMPORT_BACKDATE_DAYS}), county.calendar())

    def parse(cells: Cells) -> Case[DisputeRow] | None:
        before = len(cells.errors)
        number = cells.text("案号", required=True, max_length=64)
        received = cells.day("收到日期", required=True)
        registered = cells.day("登记日期") or received
        level = cells.choice("调解组织", LABELS[Level], required=True)
        village_text = cells.text("村（社区）")
        village = by_name.get(village_text) if village_text else None
        if village_text and village is None:
            cells.error("村（社区）", f"本乡镇没有“{village_text}”这个村（社区）")
        elif level is Level.VILLAGE and village is None:
            cells.error("村（社区）", "村人民调解委员会调解的纠纷须填写村（社区）")
        source = cells.choice("来源", IMPORTABLE_SOURCES, required=True)
        category = cells.choice("纠纷类别", LABELS[Category], required=True)
        named = cells.people("当事人", "身份证号", "联系电话", required=True)
        names = [name for name, _, _ in named]
        people = cells.integer("涉及人数", low=1) or len(names)
        if names and people < len(names):
            cells.error("涉及人数", f"涉及人数 {people} 少于当事人人数 {len(names)}")
        amount = cells.amount("涉案金额（元）")
        description = cells.text("简要情况", required=True)
        flags = cells.choices("风险情形", RISK_FLAG_LABELS)
        if received and registered and received > registered:
            cells.error("收到日期", f"收到日期 {received} 晚于登记日期 {registered}")
        if registered and registered > today:
            cells.error("登记日期", f"登记日期 {registered} 在今天（{today}）之后")
        if len(cells.errors) > before:
            return None
        assert number and received and registered and level and source and category and description
        parties = [Party(name=name, id_number=id_number, phone=phone) for name, id_number, phone in named]
        row = DisputeRow(received, level, village, source, category, parties, people, amount, description, flags)
        return Case(cells.row, number, registered, row)

    def build(case: Case[DisputeRow], stream_id: str) -> Built:
        row = case.value
        dispute = Dispute(stream_id, township)
        events = dispute.register(
            level=row.level, village=row.village, source=row.source, category=row.category, parties=row.parties,
            people_involved=row.people_involved, amount=row.amount, description=row.description,
            risk_flags=row.risk_flags, received_on=row.received_on, policy=policy,
            now=datetime.combine(case.registered_on, time(), county.zone), today=case.registered_on)
        events = [e.model_copy(update={NUMBER_FIELD: case.number}) if NUMBER_FIELD in type(e).model_fields else e
                  for e in events]
        dispute.fold(events)
        return Built([NewEvent.of(e) for e in events], project_dispute(dispute, policy.calendar))

    return Ledger(desk="mediation", stream_type=Dispute.stream_type, title=TITLE, fields=FIELDS, parse=parse,
                  build=build, headings=HEADINGS)
