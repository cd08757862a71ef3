"""Times in API bodies are the county's local time (ISO 8601 with its offset, e.g. +08:00).

Events and read models keep UTC; the edge converts when it writes a JSON body. The zone
comes from the county configuration (`timezone`), bound per request by the HTTP middleware.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, tzinfo
from typing import Any

from fastapi.responses import JSONResponse

from fazhi.clock import CHINA

_ZONE: ContextVar[tzinfo] = ContextVar("fazhi_local_zone", default=CHINA)
_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$")


@contextmanager
def local_zone(zone: tzinfo) -> Iterator[None]:
    """Bodies written inside this block show times in `zone`."""
    token = _ZONE.set(zone)
    try:
        yield
    finally:
        _ZONE.reset(token)


def localize(value: Any, zone: tzinfo | None = None) -> Any:
    """`value` with every aware timestamp (a datetime or its ISO string) shown in `zone`; dates stay dates."""
    zone = zone or _ZONE.get()
    if isinstance(value, str):
        return datetime.fromisoformat(value).astimezone(zone).isoformat() if _INSTANT.match(value) else value
    if isinstance(value, dict):
        return {k: localize(v, zone) for k, v in value.items()}
    if isinstance(value, list):
        return [localize(v, zone) for v in value]
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(zone)
    return value


class LocalTimeJSONResponse(JSONResponse):
    """The services' default response: JSON with times in the county's zone."""

    def render(self, content: Any) -> bytes:
        return super().render(localize(content))
