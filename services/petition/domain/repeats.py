"""Repeat petitions: the same person on the same matter, found by keyed hashes.

A key is an HMAC-SHA256, under the service's secret person key, of a purpose prefix, the
ID number and (for matters) the normalised matter. The read model and the events can then
link earlier cases without holding ID numbers; and since an ID number has few enough
possible values to try them all, a plain hash would not hide it: without the secret, the
keys cannot be recomputed from guesses.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from services.petition.contract import Person

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_matter(text: str) -> str:
    """The matter as compared: width-folded, lower-case, without spaces or punctuation."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def _hmac(secret: bytes, *parts: str) -> str:
    return hmac.new(secret, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def identified(people: Iterable[Person]) -> list[str]:
    """The distinct ID numbers of the people, in order of appearance."""
    return list(dict.fromkeys(p.id_number for p in people if p.id_number))


def petitioner_key(secret: bytes, id_number: str) -> str:
    """A stable key for one person: counts petitioners without revealing them."""
    return _hmac(secret, "petitioner", id_number)


def matter_key(secret: bytes, id_number: str, matter: str) -> str:
    """The repeat lookup: one person on one (normalised) matter."""
    return _hmac(secret, "matter", id_number, matter)


@dataclass(frozen=True)
class EarlierCase:
    """A case found under one of a new case's matter keys, as the read model knows it."""

    case_id: str
    registered_at: datetime
    rechecked_on: date | None = None  # a 复核 opinion closes the matter for good


@dataclass(frozen=True)
class Repeat:
    """How a new case links to earlier ones: `repeat_of` the latest, the chain oldest first."""

    repeat_of: str | None
    earlier_cases: list[str]


def link(case_id: str, earlier: Sequence[EarlierCase]) -> Repeat:
    """Chain a new case to the earlier cases found for it (itself excluded: an idempotent retry)."""
    chain = sorted((e for e in earlier if e.case_id != case_id), key=lambda e: (e.registered_at, e.case_id))
    ids = list(dict.fromkeys(e.case_id for e in chain))
    return Repeat(ids[-1] if ids else None, ids)


@dataclass(frozen=True)
class Keys:
    """What a new case is looked up and reported by."""

    matter: str
    petitioner_keys: list[str]
    matter_keys: list[str]


def keys_for(people: Iterable[Person], matter_text: str, secret: bytes) -> Keys:
    """The normalised matter and the keys, under `secret`, of every identified person on it."""
    matter = normalise_matter(matter_text)
    ids = identified(people)
    return Keys(matter, [petitioner_key(secret, i) for i in ids], [matter_key(secret, i, matter) for i in ids])
