"""Specification of resident ID number validation and PII masking."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from fazhi.pii import IdNumber, mask_id_number, mask_name, mask_phone, structlog_pii_processor, validate_id_number

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check_char(first17: str) -> str:
    """The test's own ISO 7064 MOD 11-2 computation, independent of the module's."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def test_a_known_valid_id_number_is_accepted() -> None:
    assert validate_id_number("11010519491231002X") == "11010519491231002X"


@pytest.mark.parametrize("first17", ["11010519491231002", "41042219900307123", "44030620000229456"])
def test_id_numbers_with_a_computed_check_digit_are_accepted(first17: str) -> None:
    number = with_check_char(first17)
    assert validate_id_number(number) == number


def test_lowercase_x_is_normalised_to_upper_case() -> None:
    assert validate_id_number("11010519491231002x") == "11010519491231002X"


def test_wrong_check_digit_is_refused_saying_which_was_expected() -> None:
    with pytest.raises(ValueError, match="ID number check digit is 5, expected X"):
        validate_id_number("110105194912310025")


def test_wrong_length_is_refused_saying_how_long_it_was() -> None:
    with pytest.raises(ValueError, match="ID number must have 18 characters, got 17"):
        validate_id_number("11010519491231002")


def test_letters_among_the_digits_are_refused() -> None:
    with pytest.raises(ValueError, match="17 digits"):
        validate_id_number("1101051949123100AX")


@pytest.mark.parametrize(
    ("birth", "reason"),
    [
        ("19991332", "is not a date"),
        ("19990229", "is not a date"),
        ("18991231", "is before 1900"),
        ("29990101", "is in the future"),
    ],
)
def test_impossible_birth_date_is_refused(birth: str, reason: str) -> None:
    with pytest.raises(ValueError, match=f"birth date {birth} in the ID number {reason}"):
        validate_id_number(with_check_char(f"110105{birth}002"))


def test_id_number_type_reports_the_reason_through_pydantic() -> None:
    class Party(BaseModel):
        id_number: IdNumber

    assert Party(id_number="11010519491231002x").id_number == "11010519491231002X"
    with pytest.raises(ValidationError, match="check digit is 5, expected X"):
        Party(id_number="110105194912310025")


def test_id_number_mask_keeps_region_and_last_four() -> None:
    assert mask_id_number("41042219900307123X") == "410422********123X"
    assert len(mask_id_number("41042219900307123X")) == 18


def test_name_mask_keeps_the_surname() -> None:
    assert mask_name("张三丰") == "张**" and mask_name("李四") == "李*" and mask_name("") == ""


def test_phone_mask_keeps_first_three_and_last_four() -> None:
    assert mask_phone("13812345678") == "138****5678"


def test_log_processor_masks_id_and_phone_numbers_however_nested() -> None:
    event = {
        "event": "party 11010519491231002X added",
        "case": {"parties": [{"id": "11010519491231002x", "phone": "电话13812345678"}], "contact": ("+8613912345678",)},
        "caller": 15012345678,
        "count": 3,
        "at_ms": 1735689600000,  # a millisecond timestamp is not a phone number
    }
    masked = structlog_pii_processor(None, "info", event)
    assert masked["event"] == "party 110105********002X added"
    assert masked["case"]["parties"][0] == {"id": "110105********002x", "phone": "电话138****5678"}
    assert masked["case"]["contact"] == ("+86139****5678",)
    assert masked["caller"] == "150****5678"
    assert (masked["count"], masked["at_ms"]) == (3, 1735689600000)
    assert event["case"]["parties"][0]["id"] == "11010519491231002x"  # the caller's objects are not mutated


def test_events_leave_the_service_masked_by_the_markers_of_their_type():
    from fazhi.pii import mask_event
    from services.mediation import contract as c

    payload = {
        "parties": [{"name": "张三丰", "id_number": "11010519491231002X", "phone": "13812345678"}],
        "description": "张三 (13812345678) 身份证 11010519491231002X 与邻居争执",
        "village": "v01",
    }
    masked = mask_event(c.DisputeRegistered.type, payload)
    assert masked["parties"] == [{"name": "张**", "id_number": "110105********002X", "phone": "138****5678"}]
    assert masked["description"] == "张三 (138****5678) 身份证 110105********002X 与邻居争执"
    assert masked["village"] == "v01"  # not marked: left as it is


def test_a_name_is_masked_because_of_its_type_not_its_key():
    from fazhi.pii import mask_event
    from services.mediation import contract as c

    committee = {"name": "后台乡人民调解委员会", "members": [{"name": "李四", "phone": "13812345678"}]}
    masked = mask_event(c.CommitteeRegistered.type, committee)
    assert masked["name"] == "后台乡人民调解委员会"  # a committee's name is not marked
    assert masked["members"] == [{"name": "李*", "phone": "138****5678"}]


def test_an_event_type_this_process_does_not_know_has_every_string_treated_as_free_text():
    from fazhi.pii import mask_event

    masked = mask_event("elsewhere.thing.noted", {"note": "电话 13812345678", "nested": [{"x": "13812345678"}]})
    assert masked == {"note": "电话 138****5678", "nested": [{"x": "138****5678"}]}
