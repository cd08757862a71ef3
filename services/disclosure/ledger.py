"""依申请公开登记台账: the columns a request list exports as, from the body the list route shows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from fazhi.county import County
from fazhi.events import NewEvent
from fazhi.ledger import Column, day, dig, text, yes_no
from fazhi.ledger_import import IMPORT_BACKDATE_DAYS, Built, Case, Cells, Field, Ledger
from fazhi.numbering import NUMBER_FIELD
from services.disclosure.contract import LABELS, ApplicantType, OrgType, RequestChannel
from services.disclosure.domain.request import DisclosureRequest
from services.disclosure.views.request import request_documents

TITLE = "依申请公开登记台账"


def columns() -> list[Column]:
    """The ledger's columns, codes by their Chinese labels."""
    return [
        Column("案号", text("case_number")),
        Column("收到日期", day("received_on")),
        Column("登记日期", day("registered_at")),
        Column("申请方式", text("channel_label")),
        Column("申请人", text("applicant.name")),
        Column("申请人类型", text("applicant_type_label")),
        Column("法人或其他组织类型", text("org_type_label")),
        Column("申请内容", text("information_sought")),
        Column("获取方式", text("delivery")),
        Column("办理状态", text("status_label")),
        Column("答复期限", day("due_on")),
        Column("延长后期限", day("extended_due_on")),
        Column("答复日期", lambda b: day("conclusion.answered_on")(b) or day("conclusion.closed_on")(b)),
        Column("处理结果", text("conclusion.outcome_label")),
        Column("是否按时答复", lambda b: None if dig(b, "conclusion.on_time") is None else yes_no("conclusion.on_time")(b)),
        Column("是否逾期", yes_no("overdue")),
    ]


# -- importing a historical ledger ---------------------------------------------------------------

FIELDS = [
    Field("案号", True, "原台账的案号，照原样保留（本乡镇内不可重复）"),
    Field("收到日期", True, "按申请方式确定的收到申请之日，答复期限从这天起算；可早于平常的补登期限"),
    Field("登记日期", False, "登记入台账的日期（空则同收到日期），不早于收到日期、不晚于今天"),
    Field("申请方式", True, "", tuple(LABELS[RequestChannel].values())),
    Field("申请人", True, "姓名或名称"),
    Field("申请人类型", True, "", tuple(LABELS[ApplicantType].values())),
    Field("法人或其他组织类型", False, "申请人为法人或其他组织时必填", tuple(LABELS[OrgType].values())),
    Field("身份证号", False, "自然人申请人的身份证号码；校验位须正确"),
    Field("统一社会信用代码", False, "法人或其他组织的18位代码"),
    Field("联系电话", False, ""),
    Field("申请内容", True, "申请公开的政府信息"),
    Field("获取方式", False, "如：纸质、电子邮件"),
]
HEADINGS = {"received_on": "收到日期", "org_type": "法人或其他组织类型", "applicant_type": "申请人类型"}
CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")


@dataclass(frozen=True)
class RequestRow:
    intake: dict[str, Any]


def importing(county: County, township: str, today: date) -> Ledger[RequestRow]:
    """The disclosure request ledger's import: rows checked here (in Chinese), receipt decided by the domain.
    An imported request is open (its reply clock runs from its receipt) until the desk records its answer."""
    calendar = county.calendar()

    def parse(cells: Cells) -> Case[RequestRow] | None:
        before = len(cells.errors)
        number = cells.text("案号", required=True, max_length=64)
        received = cells.day("收到日期", required=True)
        registered = cells.day("登记日期") or received
        channel = cells.choice("申请方式", LABELS[RequestChannel], required=True)
        name = cells.text("申请人", required=True, max_length=200)
        kind = cells.choice("申请人类型", LABELS[ApplicantType], required=True)
        org = cells.choice("法人或其他组织类型", LABELS[OrgType])
        if kind is ApplicantType.LEGAL_PERSON and org is None:
            cells.error("法人或其他组织类型", "申请人为法人或其他组织时必填")
        if kind is ApplicantType.NATURAL_PERSON and org is not None:
            cells.error("法人或其他组织类型", "申请人为自然人时不填")
        ids = cells.id_numbers("身份证号")
        credit = cells.text("统一社会信用代码")
        if credit and not CREDIT_CODE.fullmatch(credit.upper()):
            cells.error("统一社会信用代码", f"统一社会信用代码应为18位数字或大写字母：“{credit}”")
        phone = cells.text("联系电话")
        if phone and not re.fullmatch(r"\+?[0-9 -]{5,20}", phone):
            cells.error("联系电话", f"电话号码无法识别：“{phone}”")
        sought = cells.text("申请内容", required=True, max_length=2000)
        delivery = cells.text("获取方式", max_length=2000)
        if received and registered and received > registered:
            cells.error("收到日期", f"收到日期 {received} 晚于登记日期 {registered}")
        if registered and registered > today:
            cells.error("登记日期", f"登记日期 {registered} 在今天（{today}）之后")
        if len(cells.errors) > before:
            return None
        assert number and received and registered and name and sought
        applicant = {"name": name, "id_number": ids[0] if ids else None,
                     "credit_code": credit.upper() if credit else None, "phone": phone}
        intake = {"channel": channel, "applicant_type": kind, "org_type": org, "applicant": applicant,
                  "information_sought": sought, "delivery": delivery, "received_on": received}
        return Case(cells.row, number, registered, RequestRow(intake))

    def build(case: Case[RequestRow], stream_id: str) -> Built:
        request = DisclosureRequest(stream_id, township)
        events = request.receive(case.value.intake, calendar=calendar, today=case.registered_on,
                                 now=datetime.combine(case.registered_on, time(), county.zone),
                                 query_code=None, backdate_days=IMPORT_BACKDATE_DAYS)
        events = [e.model_copy(update={NUMBER_FIELD: case.number}) if NUMBER_FIELD in type(e).model_fields else e
                  for e in events]
        request.fold(events)
        return Built([NewEvent.of(e) for e in events], request_documents(request, calendar))

    return Ledger(desk="disclosure", stream_type=DisclosureRequest.stream_type, title=TITLE, fields=FIELDS,
                  parse=parse, build=build, headings=HEADINGS)
