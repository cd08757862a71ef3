"""The reader's language: Chinese unless the request prefers English (`Accept-Language: en`).

Field names and codes never change with the language; titles, labels and messages do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal

Language = Literal["zh", "en"]
DEFAULT: Language = "zh"
HEADER = "Accept-Language"


def preferred(accept_language: str | None) -> Language:
    """The first of zh/en the header asks for, by quality; anything else (or nothing) is Chinese."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate((accept_language or "").split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, position, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        primary = tag.split("-")[0]
        if primary in ("zh", "en"):
            return primary  # type: ignore[return-value]
    return DEFAULT


_CURRENT: ContextVar[Language] = ContextVar("fazhi_language", default=DEFAULT)


@contextmanager
def speaking(language: Language) -> Iterator[None]:
    """Inside this block `current()` is `language`; the HTTP middleware binds each request's."""
    token = _CURRENT.set(language)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current() -> Language:
    """The language of the request being answered (Chinese outside a request)."""
    return _CURRENT.get()
