"""Specification of masking numbers typed into free text: every way people write them, and nothing else."""

from __future__ import annotations

import pytest

from fazhi.pii import mask_address, mask_phone, mask_pii_in_text


@pytest.mark.parametrize(("written", "masked"), [
    ("电话13812345678", "电话138****5678"),
    ("138 1234 5678", "138 **** 5678"),
    ("138-1234-5678", "138-****-5678"),
    ("1381234 5678", "138**** 5678"),
    ("１３８１２３４５６７８", "１３８****５６７８"),  # full-width digits
    ("１３８ １２３４ ５６７８", "１３８ **** ５６７８"),
    ("+86 138 1234 5678", "+86 138 **** 5678"),
    ("+8613812345678", "+86138****5678"),
    ("0086-13812345678", "0086-138****5678"),
    ("(+86)13812345678", "(+86)138****5678"),
])
def test_mobile_numbers_are_masked_however_written(written: str, masked: str) -> None:
    assert mask_pii_in_text(written) == masked


@pytest.mark.parametrize(("written", "masked"), [
    ("0370-1234567", "0370-*****67"),
    ("0370-12345678", "0370-******78"),
    ("(0370)12345678", "(0370)******78"),
    ("（0370）12345678", "（0370）******78"),
    ("010-12345678", "010-******78"),
    ("0370 123 4567", "0370 *** **67"),
    ("座机：03701234567。", "座机：0370*****67。"),
    ("（０３７０）１２３４５６７", "（０３７０）*****６７"),
])
def test_landlines_keep_only_the_area_code_and_the_last_two_digits(written: str, masked: str) -> None:
    assert mask_pii_in_text(written) == masked


@pytest.mark.parametrize(("written", "masked"), [
    ("身份证41042219900307123X号", "身份证410422********123X号"),
    ("41042219900307123x", "410422********123x"),
    ("410422 19900307 123X", "410422 ******** 123X"),
    ("410422-1990-0307-123X", "410422-****-****-123X"),
    ("4104 2219 9003 0712 3X", "4104 22** **** **12 3X"),
    ("４１０４２２１９９００３０７１２３Ｘ", "４１０４２２********１２３Ｘ"),
    ("旧证410422900307123", "旧证410422*****7123"),  # the 15-digit first-generation card
    ("410422 900307 123", "410422 *****7 123"),  # the first 6 and the last 4 digits kept
    ("卡号6222021234567890123", "卡号622202*********0123"),  # a 19-digit bank card
])
def test_id_numbers_of_18_and_15_digits_are_masked_also_in_groups(written: str, masked: str) -> None:
    assert mask_pii_in_text(written) == masked


@pytest.mark.parametrize("ordinary", [
    "2024-03-15", "2024年3月15日", "2024/03/15 08:30", "20240315", "赔偿金额 35000 元", "12,345,678.90元",
    "共 1 3 件，涉及 120 人", "面积 1350000 平方米", "1735689600000", "合同编号 2024-0315-0001",
    "2023-01-01 至 2023-12-31", "第 2024 13 号", "0.5 亩", "3 组 12 号", "编号 12345678901234",
])
def test_dates_amounts_counts_and_reference_numbers_are_left_as_they_are(ordinary: str) -> None:
    assert mask_pii_in_text(ordinary) == ordinary


def test_several_numbers_in_one_text_are_each_masked():
    text = "张三，身份证 410422 19900307 123X，电话 138-1234-5678，家中座机 (0370)1234567，于 2024-03-15 申请"
    assert mask_pii_in_text(text) == \
        "张三，身份证 410422 ******** 123X，电话 138-****-5678，家中座机 (0370)*****67，于 2024-03-15 申请"


def test_a_phone_field_in_no_known_format_still_keeps_only_its_ends():
    assert mask_phone("0370-1234567") == "0370-*****67"
    assert mask_phone("12345678") == "123*5678"
    assert mask_phone("1234") == "****"


def test_an_address_keeps_the_area_down_to_the_township_only():
    assert mask_address("睢县后台乡张庄村3组12号") == "睢县后台乡********"
    assert mask_address("河南省商丘市睢县后台乡张庄村3组12号") == "河南省商丘市睢县后台乡********"
    assert mask_address("睢县后台乡张庄") == "睢县后****"  # at least the last four characters are hidden
    assert mask_address("张庄村3组12号") == "张庄村*****"
    assert mask_address("3组") == "**"
