"""Personal data: resident ID numbers (居民身份证号码, GB 11643-1999) validated, personal data marked by
type in the contract models, and masked from those markers — for the bus, for readers outside the
case's own desk, for the public — and in logs.

A contract field holding personal data carries a `Personal` marker in its type (`PersonName`,
`IdNumberText`, `Phone`, `Address`, `PersonalText`); `shape_of(Model)` collects the markers of a
model and the models it nests, and `mask(shape, data)` applies them to the model's JSON. That is
the one place masking happens; a field is masked because of its type, never because of its key.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"  # ISO 7064 MOD 11-2: index is the weighted sum mod 11
_CHINA = timezone(timedelta(hours=8))  # birth dates are local dates; China has no DST


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


# -- masking one value ----------------------------------------------------------------------

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
    """A phone field: the number masked as in free text (`138****5678`, `0370-*****67`); a value in no
    known format keeps its first 3 and last 4 characters."""
    if len(phone) == 11 and phone.isascii() and phone.isdigit() and phone[0] == "1":  # most: a bare mobile
        return _mask_middle(phone, 3, 4)
    masked = mask_pii_in_text(phone)
    return masked if masked != phone else _mask_middle(phone, 3, 4)


_ADDRESS_AREA = re.compile(r"^.*(?:省|自治区|市|州|盟|县|旗|区|乡|镇|街道)")


def mask_address(address: str) -> str:
    """Keep the administrative area up to the township (…县…乡), mask the village, street and house:
    `睢县后台乡张庄村3组12号` → `睢县后台乡*******`; without a recognisable area, keep 3 characters."""
    area = _ADDRESS_AREA.match(address)
    keep = len(area.group()) if area else 3
    keep = min(keep, max(len(address) - 4, 0))  # always hide at least the last four characters
    return address[:keep] + "*" * (len(address) - keep)


# -- numbers in free text -------------------------------------------------------------------

_D = "[0-9０-９]"
_X = "[0-9０-９XxＸｘ]"
_S = "[ \u3000\\-－]"  # one separator inside a number: a space (also the ideographic one) or a dash
_ID_FORMS = (
    f"{_D}{{17}}{_X}",  # 18 characters, as printed on the card
    f"{_D}{{6}}{_S}{_D}{{8}}{_S}{_D}{{3}}{_X}",  # 6-8-4: region, birth date, sequence and check
    f"{_D}{{6}}{_S}{_D}{{4}}{_S}{_D}{{4}}{_S}{_D}{{3}}{_X}",  # 6-4-4-4
    f"{_D}{{4}}(?:{_S}{_D}{{4}}){{3}}{_S}{_D}{_X}",  # 4-4-4-4-2
    f"{_D}{{15}}",  # the first-generation card: 15 digits
    f"{_D}{{6}}{_S}{_D}{{6}}{_S}{_D}{{3}}",  # 6-6-3
    f"{_D}{{16,17}}|{_D}{{19}}",  # the rest of 15–19 digit runs: bank card numbers
)
_MOBILE = (f"(?P<prefix>[(（]?(?:[+＋]|[0０]{{2}})?[8８][6６][)）]?{_S}?)?"
           f"(?P<mobile>[1１][3-9３-９]{_D}(?:{_S}?{_D}{{4}}){{2}})")
_LANDLINE = (f"(?P<area>[(（][0０]{_D}{{2,3}}[)）]|[0０]{_D}{{2,3}}){_S}?"
             f"(?P<local>{_D}{{3,4}}{_S}?{_D}{{4}})")
_NUMBER = re.compile(
    f"(?<![0-9０-９])(?:(?P<id>{'|'.join(f'(?:{form})' for form in _ID_FORMS)})|{_MOBILE}|{_LANDLINE})(?![0-9０-９])"
)
_THREE_DIGITS = re.compile(f"{_D}{{3}}")  # every number above has a run of three: most text has none
_DIGIT = re.compile("[0-9０-９XxＸｘ]")


def _star_digits(text: str, start: int, end: int) -> str:
    """`text` with the digits of `text[start:end]` starred (counting digits, separators kept)."""
    out, n = [], 0
    for char in text:
        if _DIGIT.match(char):
            out.append("*" if start <= n < end else char)
            n += 1
        else:
            out.append(char)
    return "".join(out)


def _digit_count(text: str) -> int:
    return len(_DIGIT.findall(text))


def _mask_number(match: re.Match[str]) -> str:
    if match.group("id") is not None:
        number = match.group("id")
        return _star_digits(number, 6, _digit_count(number) - 4)
    if match.group("mobile") is not None:
        return (match.group("prefix") or "") + _star_digits(match.group("mobile"), 3, 7)
    whole, local = match.group(), match.group("local")
    head = whole[: len(whole) - len(local)]  # the area code and its separator stay as they are
    return head + _star_digits(local, 0, _digit_count(local) - 2)


def mask_pii_in_text(text: str) -> str:
    """Mask ID numbers (18 or 15 digits, also written in groups), bank card numbers, mobile numbers
    (with spaces or dashes, full-width digits, a `+86`/`0086` prefix) and landlines (`0370-1234567`,
    `(0370)12345678`) found in free text. Dates, amounts and counts are left as they are."""
    if len(text) < 10 or _THREE_DIGITS.search(text) is None:
        return text
    return _NUMBER.sub(_mask_number, text)


# -- markers and the one masking function -------------------------------------------------

@dataclass(frozen=True)
class Personal:
    """Marks a contract field as personal data of a kind: `name`, `id_number`, `phone`, `address`,
    or `text` (free text that may hold any of them: every string inside it is searched for numbers)."""

    kind: str

    def __post_init__(self) -> None:
        if self.kind not in _MASKS:
            raise ValueError(f"unknown kind of personal data {self.kind!r}; one of {sorted(_MASKS)}")


_MASKS: dict[str, Callable[[str], str]] = {
    "name": mask_name, "id_number": mask_id_number, "phone": mask_phone, "address": mask_address,
    "text": mask_pii_in_text,
}

PersonName = Annotated[str, Personal("name")]
IdNumberText = Annotated[str, Personal("id_number")]  # as carried (a referral's arrives masked)
Phone = Annotated[str, Personal("phone")]
Address = Annotated[str, Personal("address")]
PersonalText = Annotated[str, Personal("text")]
IdNumber = Annotated[str, AfterValidator(validate_id_number), Personal("id_number")]  # as typed in: checked

Shape = Mapping[str, "Personal | Shape"]
"""Where a model's JSON holds personal data: key → its marker, or the shape of the object(s) under it."""


@cache
def shape_of(model: type[BaseModel]) -> Shape:
    """The personal fields of `model` and of the models its fields hold (in lists, optionals, dicts)."""
    shape: dict[str, Personal | Shape] = {}
    for name, field in model.model_fields.items():
        found = _marker(field.metadata) or _in_type(field.annotation)
        if found:
            shape[field.alias or name] = found
    return MappingProxyType(shape)  # cached and shared: read-only


def _marker(metadata: Any) -> Personal | None:
    return next((m for m in metadata if isinstance(m, Personal)), None)


def _in_type(annotation: Any) -> Personal | Shape | None:
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _marker(annotation.__metadata__) or _in_type(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return shape_of(annotation) or None
    if origin is not None:  # list, dict, Optional, a union: what any of its arguments holds
        for arg in typing.get_args(annotation):
            found = _in_type(arg)
            if found:
                return found
    return None


def with_parts(shape: Shape, **parts: Shape | Personal) -> Shape:
    """A read model's shape: a contract model's, plus the contract objects it keeps under other keys."""
    return {**shape, **{key: part for key, part in parts.items() if part}}


def mask(shape: Shape, data: Mapping[str, Any]) -> dict[str, Any]:
    """`data` (a model's JSON) with every value its shape marks masked; everything else as it is."""
    masked = dict(data)
    for key, rule in shape.items():
        value = data.get(key)
        if value is not None:
            masked[key] = _apply(rule, value)
    return masked


def _apply(rule: Personal | Shape, value: Any) -> Any:
    if isinstance(value, list):
        return [_apply(rule, item) for item in value]
    if isinstance(rule, Personal):
        if isinstance(value, str):
            return _MASKS[rule.kind](value) if value else value
        if isinstance(value, dict):
            return {k: _apply(rule, v) for k, v in value.items()}
        return value
    return mask(rule, value) if isinstance(value, Mapping) else value


def personal_fields(shape: Shape, data: Mapping[str, Any], prefix: str = "") -> set[str]:
    """The marked fields whose value in `data` masking would change, as dotted paths
    (`applicant.id_number`): what a reader of the full record sees that others do not (the access log)."""
    found: set[str] = set()
    for key, rule in shape.items():
        value = data.get(key)
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            if isinstance(rule, Personal):
                if _apply(rule, item) != item:
                    found.add(prefix + key)
            elif isinstance(item, Mapping):
                found |= personal_fields(rule, item, f"{prefix}{key}.")
    return found


def shape_of_event(event_type: str) -> Shape | None:
    """The shape of a registered event type's data; None for a type this process does not know."""
    from fazhi.events import event_class

    model = event_class(event_type)
    return shape_of(model) if model is not None else None


def mask_event(event_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """An event's data as it may leave the service that owns it: by its type's markers; the data of a
    type not known here has every string treated as free text (ID and phone numbers masked)."""
    shape = shape_of_event(event_type)
    if shape is None:
        return {key: _apply(Personal("text"), value) for key, value in data.items()}
    return mask(shape, data) if shape else data


# -- logs -----------------------------------------------------------------------------------

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
    """A structlog processor masking ID numbers and phone numbers in every value, however nested."""
    return {key: _mask_value(value) for key, value in event_dict.items()}
