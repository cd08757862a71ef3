"""Ledgers without I/O: the sheet writer, reading cells of an imported row in Chinese, the number format as
a pattern, the template, and docs/ledgers.md listing every column of every desk."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fazhi.county import load_county
from fazhi.ledger import Column, csv_bytes, day, names, number, text, xlsx
from fazhi.ledger_import import (
    Case,
    Cells,
    RowError,
    floor_from,
    number_pattern,
    parse_day,
    read_rows,
    template,
)
from services.disclosure import ledger as disclosure
from services.mediation import ledger as mediation
from services.petition import ledger as petition

DOCS = Path(__file__).resolve().parents[2] / "docs" / "ledgers.md"
COUNTY = load_county(None)
TODAY = date(2026, 3, 12)
LEDGERS = [mediation.importing(COUNTY, "houtai", TODAY), petition.importing(COUNTY, "houtai", TODAY, b"k" * 32),
           disclosure.importing(COUNTY, "houtai", TODAY)]


def test_a_ledger_sheet_has_its_headings_frozen_dates_as_dates_and_formulas_kept_as_text():
    columns = [Column("案号", text("n")), Column("日期", day("d")), Column("人数", number("k")),
               Column("当事人", names("people"))]
    bodies = [{"n": "=HYPERLINK(1)", "d": "2026-03-02", "k": 3, "people": [{"name": "张*"}, {"name": "李四"}]}]
    sheet = load_workbook(io.BytesIO(xlsx("台账", columns, bodies))).active
    assert [c.value for c in sheet[1]] == ["案号", "日期", "人数", "当事人"]
    assert sheet["A2"].value == "=HYPERLINK(1)" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == datetime(2026, 3, 2) and sheet["C2"].value == 3 and sheet["D2"].value == "张*、李四"
    assert sheet.freeze_panes == "A2" and sheet.page_setup.orientation == "landscape"
    lines = list(csv.reader(io.StringIO(csv_bytes(columns, bodies).decode("utf-8-sig"))))
    assert lines == [["案号", "日期", "人数", "当事人"], ["'=HYPERLINK(1)", "2026-03-02", "3", "张*、李四"]]


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-03-02", date(2025, 3, 2)), ("2025/3/2", date(2025, 3, 2)), ("2025年3月2日", date(2025, 3, 2)),
    ("2025.03.02", date(2025, 3, 2)), ("20250302", date(2025, 3, 2)), ("2025-02-30", None), ("三月二日", None)])
def test_dates_are_read_in_the_ways_ledgers_write_them(text, expected):
    assert parse_day(text) == expected


def test_a_rows_cells_are_read_and_every_problem_names_its_row_and_column():
    errors: list[RowError] = []
    cells = Cells(7, {"收到日期": "2025-13-01", "类别": "吵架", "人数": "2.5", "金额": "1,200.5",
                      "当事人": "张三、李四", "身份证号": "11010519491231002X、110105194912310021"}, errors)
    assert cells.day("收到日期") is None and cells.choice("类别", {"a": "邻里纠纷"}) is None
    assert cells.integer("人数") is None and cells.amount("金额") == Decimal("1200.50")
    assert cells.text("案号", required=True) is None
    people = cells.people("当事人", "身份证号", "电话")
    assert people == [("张三", "11010519491231002X", None), ("李四", None, None)]
    assert [(e.row, e.column) for e in errors] == [(7, "收到日期"), (7, "类别"), (7, "人数"), (7, "案号"), (7, "身份证号")]
    assert "110105194912310021" not in errors[-1].message  # an ID number is never echoed whole
    assert errors[3].message == "必填项为空" and "邻里纠纷" in errors[1].message


def test_the_countys_number_format_gives_the_counter_floor_and_other_formats_none():
    pattern = number_pattern(COUNTY.number_request("houtai", "mediation", 2026))
    floor = floor_from(pattern, "mediation", "houtai")
    assert floor(Case(2, "（2025）后调字第17号", date(2025, 1, 1), None)).last == 17
    assert floor(Case(2, "（2025）后调字第17号", date(2025, 1, 1), None)).year == 2025
    assert floor(Case(2, "（2025）周调字第17号", date(2025, 1, 1), None)) is None  # another township's letter
    assert floor(Case(2, "旧-17", date(2025, 1, 1), None)) is None


@pytest.mark.parametrize("ledger", LEDGERS, ids=lambda ledger: ledger.desk)
def test_the_blank_template_reads_back_with_no_rows_and_no_errors(ledger):
    errors: list[RowError] = []
    ignored: list[str] = []
    content = template(ledger)
    assert read_rows(content, ledger, errors, ignored) == [] and errors == [] and ignored == []
    headings = [c.value for c in load_workbook(io.BytesIO(content)).worksheets[0][1]]
    assert headings == [f.heading for f in ledger.fields]


@pytest.mark.parametrize("ledger", LEDGERS, ids=lambda ledger: ledger.desk)
def test_docs_ledgers_lists_every_column_of_every_desks_import(ledger):
    docs = DOCS.read_text(encoding="utf-8")
    section = docs.split(f"## {ledger.title}", 1)[1].split("\n## ", 1)[0]
    for field in ledger.fields:
        assert f"| {field.heading} | {'是' if field.required else ''} |" in section, field.heading
