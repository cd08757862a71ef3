"""The day a matter arrived (`received_on`): registered later, but never in the future nor too far back.

Statutory periods run from the day a letter, visit or application arrived, not from the
day a clerk typed it in; the county sets how far back an arrival may be registered.
"""

from __future__ import annotations

from datetime import date, timedelta

from fazhi.errors import InvalidInput


def check_arrival(day: date, today: date, backdate_days: int, field: str = "received_on") -> date:
    """`day` if it is today or within the county's limit before it; 422 naming `field` otherwise."""
    if day > today:
        raise InvalidInput(f"{field} {day} is in the future (today is {today})", field=field)
    earliest = today - timedelta(days=backdate_days)
    if day < earliest:
        raise InvalidInput(f"{field} {day} is more than {backdate_days} days ago, the county's limit "
                           f"(the earliest is {earliest})", field=field)
    return day
