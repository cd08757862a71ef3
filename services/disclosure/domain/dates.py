"""The one check every dated act shares: not in the future, not before what it follows."""

from __future__ import annotations

from datetime import date

from fazhi.errors import InvalidInput


def check_date(on: date, *, today: date, not_before: date | None, field: str, after_what: str = "") -> date:
    """Return `on` if it lies in [not_before, today]; otherwise `InvalidInput` naming `field`."""
    if on > today:
        raise InvalidInput(f"{field} {on.isoformat()} is in the future (today is {today.isoformat()})", field=field)
    if not_before is not None and on < not_before:
        what = after_what or "the last recorded step"
        raise InvalidInput(f"{field} {on.isoformat()} is before {what} ({not_before.isoformat()})", field=field)
    return on
