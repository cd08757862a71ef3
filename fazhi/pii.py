"""Personal data: resident ID numbers (居民身份证号码, GB 11643-1999) validated, and PII masked for output and logs."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import AfterValidator

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"  # ISO 7064 MOD 11-2: index is the weighted sum mod 11
_CHINA = timezone(timedelta(hours=8))  # birth dates are local dates; China has no DST
_ID_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
_PHONE_IN_TEXT = re.compile(r"(?<![0-9])(\+?86[- ]?)?(1[3-9][0-9]{9})(?![0-9])")
_ELEVEN_DIGITS = re.compile(r"[0-9]{11}")  # both of the above hold a run of eleven digits


def id_check_char(first17: str) -> str:
    """The check character for the first 17 digits of a resident ID number."""
    return _CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def validate_id_number(value: str) -> str:
    """Validate an 18-character resident ID number and return it with an upper-case `X`.

    Raises `ValueError` naming what is wrong, so it serves as a pydantic `AfterValidator`.
    """
    number = value.strip().upper()
    if len(number) != 18:
        raise ValueError(f"ID number must have 18 characters, got {len(number)}")
    if not number[:17].isascii() or not number[:17].isdigit() or number[17] not in "0123456789X":
        raise ValueError("ID number must be 17 digits followed by a digit or X")
    _check_birth_date(number[6:14])
    expected = id_check_char(number[:17])
    if number[17] != expected:
        raise ValueError(f"ID number check digit is {number[17]}, expected {expected}")
    return number


def _check_birth_date(digits: str) -> None:
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise ValueError(f"birth date {digits} in the ID number is not a date") from None
    if born.year < 1900:
        raise ValueError(f"birth date {digits} in the ID number is before 1900")
    if born > datetime.now(_CHINA).date():
        raise ValueError(f"birth date {digits} in the ID number is in the future")


IdNumber = Annotated[str, AfterValidator(validate_id_number)]


def _mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)  # too short to reveal anything safely
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


def mask_id_number(value: str) -> str:
    """Keep the region code (first 6) and the last 4: `410422********123X`."""
    return _mask_middle(value, 6, 4)


def mask_name(name: str) -> str:
    """Keep the surname, mask the given name: 张三丰 → 张**."""
    return name[:1] + "*" * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """Keep the carrier prefix (first 3) and the last 4: `138****5678`."""
    return _mask_middle(phone, 3, 4)


def mask_pii_in_text(text: str) -> str:
    """Mask every ID number and mainland mobile number found in free text."""
    if len(text) < 11 or not _ELEVEN_DIGITS.search(text):  # most text: one scan, nothing to mask
        return text
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group()), text)
    return _PHONE_IN_TEXT.sub(lambda m: (m.group(1) or "") + mask_phone(m.group(2)), text)


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_pii_in_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        masked = mask_pii_in_text(str(value))  # a phone stored as an int is still a phone
        return value if masked == str(value) else masked
    if isinstance(value, dict):
        return {k: _mask_value(v) for k, v in value.items()}
    for container in (list, tuple, set, frozenset):
        if isinstance(value, container):
            return container(_mask_value(v) for v in value)
    return value


def structlog_pii_processor(logger: Any, method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """A structlog processor masking ID numbers and mobile numbers in every value, however nested."""
    return {key: _mask_value(value) for key, value in event_dict.items()}


PERSON_KEYS = ("id_number", "phone")


def might_hold_people(payload_json: str) -> bool:
    """Whether `mask_payload` could change the payload this JSON text holds: it names a
    person's key, or has a run of digits an ID or phone number would need."""
    return any(f'"{key}"' in payload_json for key in PERSON_KEYS) or _ELEVEN_DIGITS.search(payload_json) is not None


def mask_payload(value: Any) -> Any:
    """Mask the people in an event payload before it leaves the service that owns them.

    A person is any object with an `id_number` or `phone` key: those and its `name`
    are masked; ID and phone numbers typed into free text are masked too. The
    service's own event store keeps the full record.
    """
    if isinstance(value, dict):
        return _mask_object(value)
    if isinstance(value, list):
        return [mask_payload(v) for v in value]
    if isinstance(value, str):
        return mask_pii_in_text(value)
    return value


def _mask_object(value: dict[str, Any]) -> dict[str, Any]:
    person = "id_number" in value or "phone" in value
    masked = {}
    for key, item in value.items():  # the relay's hot loop: scalars are handled here, not by a call each
        if isinstance(item, str):
            mask = _PERSON_MASKS.get(key) if person and item else None
            masked[key] = mask(item) if mask is not None else mask_pii_in_text(item)
        elif isinstance(item, (dict, list)):
            masked[key] = mask_payload(item)
        else:
            masked[key] = item
    return masked


_PERSON_MASKS = {"id_number": mask_id_number, "phone": mask_phone, "name": mask_name}
