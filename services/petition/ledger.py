"""信访事项登记台账: the columns a petition list exports as, from the body the list route shows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from fazhi.county import County
from fazhi.events import NewEvent
from fazhi.ledger import Column, day, dig, joined, names, number, text, yes_no
from fazhi.ledger_import import IMPORT_BACKDATE_DAYS, Built, Case, Cells, Field, Ledger
from fazhi.numbering import NUMBER_FIELD
from services.petition.contract import LABELS, Channel, Person
from services.petition.domain import Periods, PetitionCase
from services.petition.domain.case_intake import MAX_REPRESENTATIVES
from services.petition.views import project_case

TITLE = "信访事项登记台账"
DECISIONS = {"accept": "受理", "decline": "不予受理", "transfer": "转送"}


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
        Column("信访形式", text("channel_label")),
        Column("信访人", names("petitioners")),
        Column("代表人", names("representatives")),
        Column("人数", number("group_size")),
        Column("村（社区）", village),
        Column("信访事项", text("subject")),
        Column("诉求", joined("claims", "；")),
        Column("是否越级", yes_no("bypassed_level")),
        Column("重复信访次数", number("repeat_count")),
        Column("受理意见", lambda b: DECISIONS.get(dig(b, "acceptance.decision") or "")),
        Column("办理状态", text("status_label")),
        Column("受理期限", day("deadlines.acceptance_by")),
        Column("办理期限", day("deadlines.handling_by")),
        Column("答复日期", day("reply.replied_on")),
        Column("结案日期", day("closed_on")),
        Column("是否逾期", yes_no("overdue")),
    ]


# -- importing a historical ledger ---------------------------------------------------------------

YES_NO = {True: "是", False: "否"}
FIELDS = [
    Field("案号", True, "原台账的案号，照原样保留（本乡镇内不可重复）"),
    Field("收到日期", True, "来信、来访等到达的日期，受理期限从这天起算；可早于平常的补登期限"),
    Field("登记日期", False, "登记入台账的日期（空则同收到日期），不早于收到日期、不晚于今天"),
    Field("信访形式", True, "", tuple(LABELS[Channel].values())),
    Field("信访人", True, "姓名，多人用“、”分隔"),
    Field("身份证号", False, "与信访人顺序一致，用“、”分隔，无则留空位；校验位须正确"),
    Field("联系电话", False, "与信访人顺序一致，用“、”分隔"),
    Field("代表人", False, f"多人信访推选的代表人姓名（最多{MAX_REPRESENTATIVES}人），用“、”分隔；集体来访必填"),
    Field("人数", False, "整数，空则为信访人和代表人人数"),
    Field("村（社区）", False, "村名或村代码"),
    Field("信访事项", True, "事项的标题（200字以内）"),
    Field("诉求", True, "一项或多项，用“；”或换行分隔"),
    Field("是否越级", False, "是或否，空为否", ("是", "否")),
]
HEADINGS = {"received_on": "收到日期", "registered_on": "登记日期", "petitioners": "信访人", "group_size": "人数",
            "representatives": "代表人", "claims": "诉求", "matter": "信访事项", "village": "村（社区）"}


@dataclass(frozen=True)
class PetitionRow:
    received_on: date
    channel: Channel
    petitioners: list[Person]
    representatives: list[Person]
    group_size: int | None
    village: str | None
    subject: str
    claims: list[str]
    bypassed_level: bool


def importing(county: County, township: str, today: date, person_key: bytes) -> Ledger[PetitionRow]:
    """The petition ledger's import: rows checked here (in Chinese), registrations decided by the domain.
    Imported cases are not linked as repeats of one another; petitions registered later link to them."""
    villages = county.township(township).villages
    by_name = {**{v.code: v.code for v in villages}, **{v.name: v.code for v in villages}}
    periods = Periods(county.calendar())

    def parse(cells: Cells) -> Case[PetitionRow] | None:
        before = len(cells.errors)
        number = cells.text("案号", required=True, max_length=64)
        received = cells.day("收到日期", required=True)
        registered = cells.day("登记日期") or received
        channel = cells.choice("信访形式", LABELS[Channel], required=True)
        people = cells.people("信访人", "身份证号", "联系电话", required=True)
        representatives = cells.names("代表人")
        size = cells.integer("人数", low=1)
        village_text = cells.text("村（社区）")
        village = by_name.get(village_text) if village_text else None
        if village_text and village is None:
            cells.error("村（社区）", f"本乡镇没有“{village_text}”这个村（社区）")
        subject = cells.text("信访事项", required=True, max_length=200)
        claims = [c.strip() for c in re.split(r"[；;\n]+", cells.text("诉求", required=True) or "") if c.strip()]
        bypassed = cells.choice("是否越级", YES_NO) or False
        if len(representatives) > MAX_REPRESENTATIVES:
            cells.error("代表人", f"代表人最多 {MAX_REPRESENTATIVES} 人（信访工作条例第二十条），填了 {len(representatives)} 人")
        if received and registered and received > registered:
            cells.error("收到日期", f"收到日期 {received} 晚于登记日期 {registered}")
        if registered and registered > today:
            cells.error("登记日期", f"登记日期 {registered} 在今天（{today}）之后")
        if len(cells.errors) > before:
            return None
        assert number and received and registered and channel and subject
        row = PetitionRow(received, channel, [Person(name=n, id_number=i, phone=p) for n, i, p in people],
                          [Person(name=n) for n in representatives], size, village, subject, claims, bypassed)
        return Case(cells.row, number, registered, row)

    def build(case: Case[PetitionRow], stream_id: str) -> Built:
        row = case.value
        petition = PetitionCase(stream_id, township)
        events = petition.register(
            channel=row.channel, petitioners=row.petitioners, representatives=row.representatives,
            group_size=row.group_size, subject=row.subject, claims=row.claims, matter=None,
            bypassed_level=row.bypassed_level, village=row.village, earlier=[], person_key=person_key,
            periods=periods, now=datetime.combine(case.registered_on, time(), county.zone),
            today=case.registered_on, received_on=row.received_on, registered_on=case.registered_on,
            query_code=None, backdate_days=IMPORT_BACKDATE_DAYS)
        events = [e.model_copy(update={NUMBER_FIELD: case.number}) if NUMBER_FIELD in type(e).model_fields else e
                  for e in events]
        petition.fold(events)
        return Built([NewEvent.of(e) for e in events], project_case(petition, periods.calendar))

    return Ledger(desk="petition", stream_type=PetitionCase.stream_type, title=TITLE, fields=FIELDS, parse=parse,
                  build=build, headings=HEADINGS)
