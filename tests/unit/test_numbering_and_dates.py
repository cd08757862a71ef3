"""Case-number formats, query codes, arrival days and recounted deadlines (no I/O)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.arrival import check_arrival
from fazhi.county import load_county, parse_county
from fazhi.errors import InvalidInput
from fazhi.numbering import QUERY_CODE_ALPHABET, check_template, codes_match, new_query_code, with_number
from fazhi.recount import PERIODS, recount, recounted
from fazhi.workdays import WorkCalendar, YearOverride

MINIMAL = "code: c1\nname: 县\ntownships: [{code: t1, name: 后台乡, villages: []}]\n"


def test_the_demo_county_numbers_each_desk_with_the_townships_first_character():
    county = load_county()
    assert county.number_request("houtai", "mediation", 2026).format(12) == "（2026）后调字第12号"
    assert county.number_request("zhoutang", "petition", 2026).format(1) == "（2026）周信字第1号"
    assert county.number_request("houtai", "disclosure", 2027).format(3) == "（2027）后依申字第3号"


def test_a_county_may_name_a_short_name_and_its_own_formats_keeping_the_defaults_for_the_rest():
    text = MINIMAL.replace("name: 后台乡,", "name: 后台乡, short: 台,") + "case_numbers: {mediation: '{township_name}调{seq}'}\n"
    county = parse_county(text, "c.yaml")
    assert county.number_request("t1", "mediation", 2026).format(7) == "后台乡调7"
    assert county.number_request("t1", "suggestion", 2026).format(7) == "（2026）台建字第7号"


@pytest.mark.parametrize(("formats", "words"), [
    ("{mediation: '（{year}）调字号'}", "{seq}"),
    ("{mediation: '{seq}{village}'}", "only year, seq"),
    ("{courts: '{seq}'}", "unknown desk 'courts'"),
])
def test_a_bad_number_format_is_refused_when_the_county_file_loads(formats, words):
    with pytest.raises(ValueError, match="case_numbers") as caught:
        parse_county(MINIMAL + f"case_numbers: {formats}\n", "c.yaml")
    assert words in str(caught.value)
    with pytest.raises(ValueError):
        check_template("no sequence")


def test_the_number_is_filled_in_only_where_the_field_is():
    assert with_number({"case_number": None, "x": 1}, "N1") == {"case_number": "N1", "x": 1}
    assert with_number({"x": 1}, "N1") == {"x": 1}


def test_query_codes_are_random_readable_and_compared_ignoring_case_spaces_and_dashes():
    codes = {new_query_code() for _ in range(200)}
    assert len(codes) == 200 and all(len(c) == 10 and set(c) <= set(QUERY_CODE_ALPHABET) for c in codes)
    code = "ABCDE23456"
    assert codes_match("abcde-23456", code) and codes_match(" ABCDE 23456", code)
    assert not codes_match("ABCDE23457", code) and not codes_match("ABCDE2345", code)
    assert not codes_match("\0" * 10, None)  # a case without a code matches nothing, not even the filler


def test_an_arrival_day_is_neither_in_the_future_nor_beyond_the_countys_limit():
    today = date(2026, 3, 12)
    assert check_arrival(date(2025, 3, 12), today, 365) == date(2025, 3, 12)
    for day, words in ((date(2026, 3, 13), "in the future"), (date(2025, 3, 11), "more than 365 days")):
        with pytest.raises(InvalidInput, match=words) as caught:
            check_arrival(day, today, 365, "registered_on")
        assert caught.value.field == "registered_on"


def test_months_end_on_the_same_day_or_the_months_last_and_off_rest_days():
    calendar = WorkCalendar()
    assert calendar.add_months(date(2026, 1, 31), 1).on == date(2026, 2, 28)  # the last day: a make-up Saturday
    assert calendar.add_months(date(2025, 1, 15), 1).on == date(2025, 2, 17)  # 15 Feb a Saturday
    assert calendar.add_months(date(2026, 9, 15), 6).provisional is True  # into 2027
    assert calendar.count(date(2026, 3, 2), 30, "days") == calendar.add_days(date(2026, 3, 2), 30)


def test_deadlines_are_recounted_on_the_calendar_known_now_and_say_which_are_provisional():
    body = {"deadlines": {"conclude_by": "2027-01-14", "fixed": "2027-03-01", "done": None},
            "due_on": "2027-01-14", PERIODS: {"conclude_by": ["2026-12-15", 30, "days"]}}
    unknown = dict(body)
    moved, provisional = recount(unknown, WorkCalendar(), ("conclude_by", "fixed", "done"))
    assert provisional == ["conclude_by", "fixed"] and unknown["provisional"] is True and PERIODS not in unknown
    notice = WorkCalendar({2027: YearOverride(holidays=[date(2027, 1, 14), date(2027, 1, 15)])})
    known = dict(body)
    moved, provisional = recount(known, notice, ("conclude_by", "fixed"))
    assert moved == {date(2027, 1, 14): date(2027, 1, 18), date(2027, 3, 1): date(2027, 3, 1)}
    assert (known["due_on"], known["deadlines"]["conclude_by"], provisional) == ("2027-01-18", "2027-01-18", [])
    data, due = recounted(body, notice, ("conclude_by",), date(2027, 1, 14))
    assert (due, data[PERIODS], data["deadlines"]["conclude_by"]) == (date(2027, 1, 18), body[PERIODS], "2027-01-18")
    assert recounted(body, None, ("conclude_by",), date(2027, 1, 14)) == (body, date(2027, 1, 14))
