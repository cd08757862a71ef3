"""The query parameters every case list shares: total, order, date ranges, search by number and name.

A service's list route takes `Listing` as a dependency and turns it into `DocumentQuery` fields with
`query_fields`; it decides itself whether the reader may search by a person's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import Depends, Query

from fazhi.clock import CHINA
from fazhi.errors import InvalidInput, NotPermitted

Sort = Literal["registered", "-registered", "received", "-received", "due", "-due"]
Search = Annotated[str, Query(min_length=1, max_length=64)]


@dataclass(frozen=True)
class ListParams:
    """`sort` by registration (default newest first), arrival or due date; inclusive date ranges;
    `number` an exact case number (案号); `name` a part of a party's name."""

    sort: Sort = "-registered"
    number: str | None = None
    name: str | None = None
    registered_from: date | None = None
    registered_to: date | None = None
    received_from: date | None = None
    received_to: date | None = None
    due_from: date | None = None
    due_to: date | None = None

    def query_fields(self, *, may_see_names: bool) -> dict[str, Any]:
        """DocumentQuery fields; 403 for a name search by a reader who may not see names."""
        for low, high, field in ((self.registered_from, self.registered_to, "registered_to"),
                                 (self.received_from, self.received_to, "received_to"),
                                 (self.due_from, self.due_to, "due_to")):
            if low is not None and high is not None and high < low:
                raise InvalidInput(f"{field} {high} is before the start of the range, {low}", field=field)
        if self.name is not None and not may_see_names:
            raise NotPermitted("your role does not see the parties' names, so it cannot search by them",
                               field="name")
        return {
            "sort": self.sort, "number": self.number, "search": self.name, "with_total": True,
            "registered_from": _midnight(self.registered_from),
            "registered_to": _midnight(self.registered_to + timedelta(days=1)) if self.registered_to else None,
            "received_from": self.received_from, "received_to": self.received_to,
            "due_from": self.due_from, "due_to": self.due_to,
        }


def _midnight(day: date | None) -> datetime | None:
    """The start of a day in the county's time: registrations are stamped in UTC."""
    return datetime.combine(day, time(), CHINA) if day is not None else None


def _list_params(
    sort: Sort = "-registered", number: Search | None = None, name: Search | None = None,
    registered_from: date | None = None, registered_to: date | None = None,
    received_from: date | None = None, received_to: date | None = None,
    due_from: date | None = None, due_to: date | None = None,
) -> ListParams:
    return ListParams(sort, number, name and name.strip(), registered_from, registered_to, received_from,
                      received_to, due_from, due_to)


Listing = Annotated[ListParams, Depends(_list_params)]
