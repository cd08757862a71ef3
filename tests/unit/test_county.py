"""Specification of the county configuration and the packaged demo county."""

from datetime import date
from decimal import Decimal
from importlib import resources

import pytest
from pydantic import ValidationError

from fazhi.county import AlertPolicy, County, RiskFlag, RuleOverrides, Rules, load_county, parse_county
from fazhi.errors import InvalidInput, UnknownTownship

DEMO = load_county()


def _county(**fields) -> County:
    base = {"code": "testcounty", "name": "测试县", "townships": [_township("aaa", ["v01"])]}
    return County.model_validate(base | fields)


def _township(code: str, villages: list[str], **fields) -> dict:
    return {"code": code, "name": code, "villages": [{"code": v, "name": v} for v in villages], **fields}


def test_the_demo_county_is_suixian_with_houtai_and_its_sixteen_villages():
    assert (DEMO.code, DEMO.name) == ("suixian", "睢县")
    houtai = DEMO.township("houtai")
    assert houtai.name == "后台乡"
    assert [v.code for v in houtai.villages] == [f"v{i:02d}" for i in range(1, 17)]


def test_the_demo_county_has_two_more_townships_of_six_to_eight_villages_to_compare():
    others = [t for t in DEMO.townships if t.code != "houtai"]
    assert {t.code for t in others} == {"zhoutang", "chengguan"}
    assert all(6 <= len(t.villages) <= 8 for t in others)


def test_the_demo_file_marks_its_villages_as_placeholders():
    text = resources.files("fazhi").joinpath("demo_county.yaml").read_text("utf-8")
    assert "DEMO" in text and "placeholder" in text.lower()


def test_the_commented_holiday_example_in_the_demo_file_is_valid():
    lines = resources.files("fazhi").joinpath("demo_county.yaml").read_text("utf-8").splitlines()
    start = lines.index("# holidays:")
    example = [lines[start][2:]] + [line[2:] for line in lines[start + 1 :] if line.startswith("#   ")]
    county = parse_county("\n".join(["code: x1", "name: x", "townships: []", *example]), "example")
    assert county.calendar().knows(2027)


def test_loading_by_path_reads_the_same_county_as_the_packaged_default():
    with resources.as_file(resources.files("fazhi").joinpath("demo_county.yaml")) as path:
        assert load_county(path) == DEMO


def test_default_rules_are_the_statutes_county_settings():
    rules = Rules()
    assert (rules.major_dispute_people, rules.major_dispute_amount) == (5, Decimal(100000))
    assert rules.major_dispute_flags == [RiskFlag.MASS, RiskFlag.CRIMINAL_RISK, RiskFlag.BYPASS_RISK]
    assert (rules.mediation_conclude_days, rules.judicial_confirmation_days, rules.village_conclude_days) == (30, 30, 15)
    assert (rules.due_soon_days, rules.repeat_petition_count, rules.repeat_petition_window_days) == (3, 3, 90)
    assert rules.disclosure_report_due == "03-31"


def test_risk_flags_are_the_three_major_dispute_risks():
    assert [str(flag) for flag in RiskFlag] == ["mass", "criminal_risk", "bypass_risk"]


def test_rule_overrides_offer_every_rule_and_nothing_else():
    assert RuleOverrides.model_fields.keys() == Rules.model_fields.keys()


def test_a_township_override_changes_only_what_it_names():
    zhoutang = DEMO.rules_for("zhoutang")
    assert zhoutang.major_dispute_amount == Decimal(50000)
    assert zhoutang.model_dump(exclude={"major_dispute_amount"}) == DEMO.rules.model_dump(
        exclude={"major_dispute_amount"}
    )
    assert DEMO.rules_for("houtai") == DEMO.rules


def test_an_unknown_township_is_refused_naming_the_field():
    with pytest.raises(UnknownTownship, match="'nowhere'") as caught:
        DEMO.township("nowhere")
    assert caught.value.field == "township"
    with pytest.raises(UnknownTownship):
        DEMO.rules_for("nowhere")


def test_a_village_is_found_in_its_own_township():
    assert DEMO.village("houtai", "v16").name == "示范十六村"


def test_a_village_of_another_township_is_refused():
    with pytest.raises(InvalidInput, match="'v16'.*'chengguan'") as caught:
        DEMO.village("chengguan", "v16")  # v16 exists only in houtai
    assert caught.value.field == "village"


def test_duplicate_township_codes_are_refused_naming_the_code():
    with pytest.raises(ValidationError, match="duplicate township code 'aaa'"):
        _county(townships=[_township("aaa", ["v01"]), _township("aaa", ["v02"])])


def test_duplicate_village_codes_within_a_township_are_refused_naming_the_code():
    with pytest.raises(ValidationError, match="duplicate village code 'v01'"):
        _county(townships=[_township("aaa", ["v01", "v02", "v01"])])


def test_the_same_village_code_may_recur_in_different_townships():
    assert len(_county(townships=[_township("aaa", ["v01"]), _township("bbb", ["v01"])]).townships) == 2


@pytest.mark.parametrize("code", ["Houtai", "h", "1abc", "hou tai", "后台", "a" * 33])
def test_codes_must_be_lowercase_ascii_slugs(code):
    with pytest.raises(ValidationError):
        _county(townships=[_township(code, ["v01"])])


def test_malformed_yaml_is_refused_naming_the_file():
    with pytest.raises(ValueError, match=r"^broken\.yaml: malformed YAML at line 2, column 3: "):
        parse_county("townships: [\n  - code: aaa\n", "broken.yaml")


def test_a_bad_field_is_refused_naming_the_file_and_the_field_path():
    text = "code: x1\nname: x\ntownships:\n  - {code: aaa, name: a, villages: [{code: V1, name: v}]}\n"
    with pytest.raises(ValueError, match=r"^county\.yaml: townships\.0\.villages\.0\.code: "):
        parse_county(text, "county.yaml")


def test_a_misspelt_field_is_refused_rather_than_ignored():
    with pytest.raises(ValueError, match=r"rules\.major_dispute_peple"):
        parse_county("code: x1\nname: x\ntownships: []\nrules: {major_dispute_peple: 3}\n", "c.yaml")


def test_a_file_that_is_not_a_mapping_is_refused_naming_the_file():
    with pytest.raises(ValueError, match=r"^empty\.yaml: "):
        parse_county("", "empty.yaml")


def test_the_county_calendar_uses_the_county_holiday_overrides():
    county = _county(holidays={2027: {"holidays": ["2027-03-08"]}})
    assert county.calendar().add_workdays(date(2027, 3, 5), 1).on == date(2027, 3, 9)
    assert not DEMO.calendar().knows(2027)


def test_a_holiday_filed_under_the_wrong_year_is_refused():
    with pytest.raises(ValidationError, match="2028-01-03"):
        _county(holidays={2027: {"holidays": ["2028-01-03"]}})


def test_alert_levels_not_set_keep_their_defaults():
    assert AlertPolicy(ack_minutes={"county": 300}).ack_minutes == {"village": 60, "township": 120, "county": 300}
    assert AlertPolicy().quiet_hours == "22:00-07:00"


def test_an_unknown_alert_level_is_refused():
    with pytest.raises(ValidationError, match="'province'"):
        AlertPolicy(ack_minutes={"province": 10})


@pytest.mark.parametrize("due", ["02-30", "13-01", "3-31"])
def test_the_disclosure_report_date_must_be_a_real_month_and_day(due):
    with pytest.raises(ValidationError):
        Rules(disclosure_report_due=due)
    with pytest.raises(ValidationError):
        RuleOverrides(disclosure_report_due=due)
