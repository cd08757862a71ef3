"""Case numbers (案号) and citizens' query codes (查询码).

A case number is given by the event store in the transaction that writes the
registration (see `EventStore.append_numbered`): per township, desk and year the
sequence has no gaps and no repeats, whatever number of replicas write at once.
The county configures the format per desk, e.g. `（{year}）{township_short}调字第{seq}号`.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

NUMBER_FIELD = "case_number"  # the key the number takes in the registration event and the case body
TEMPLATE_FIELDS = ("year", "seq", "township_short", "township_name")
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read over the phone
QUERY_CODE_LENGTH = 10  # 31**10 ≈ 2**49.5: out of reach of a rate-limited guesser


@dataclass(frozen=True)
class NumberRequest:
    """Ask the store for the next number of `desk` in `township` for `year`, formatted by `template`."""

    township: str
    desk: str
    year: int
    template: str
    values: Mapping[str, str] = field(default_factory=dict)

    def format(self, seq: int) -> str:
        return self.template.format(year=self.year, seq=seq, **self.values)


def check_template(template: str) -> str:
    """A number format the county may configure: it names `{seq}` and only known fields."""
    if "{seq}" not in template:
        raise ValueError("a case number format contains {seq}, the sequence number")
    try:
        template.format(year=2026, seq=1, township_short="后", township_name="后台乡")
    except (KeyError, IndexError, ValueError) as error:
        raise ValueError(f"a case number format may use only {', '.join(TEMPLATE_FIELDS)} ({error})") from None
    return template


def with_number(data: dict, number: str) -> dict:
    """`data` (an event's or a document's) with the case number filled in, if it has the field."""
    return {**data, NUMBER_FIELD: number} if NUMBER_FIELD in data else data


def new_query_code() -> str:
    """A fresh random query code for the citizen who brought the matter."""
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def normalize_code(code: str) -> str:
    """What the citizen typed, as stored: upper case, without spaces or dashes."""
    return code.replace("-", "").replace(" ", "").upper()


def codes_match(given: str, stored: str | None) -> bool:
    """Constant-time comparison; a case without a code never matches (but costs the same)."""
    expected = (stored or "\0" * QUERY_CODE_LENGTH).encode()
    return hmac.compare_digest(normalize_code(given).encode(), expected) and stored is not None
