"""What every handler needs about the call: the runtime, the township, who acts, and today."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from fazhi.numbering import NumberRequest
from fazhi.service import Runtime
from fazhi.store.sql import SqlEventStore
from services.petition.domain import Periods
from services.petition.person_key import person_key_of


@dataclass(frozen=True)
class Context:
    """One command's circumstances; `today` and `now` are read once from the injected clock."""

    runtime: Runtime
    township: str
    metadata: dict[str, Any]
    viewer: Any = None  # over HTTP: the `fazhi.access_log.Viewer` the answer is shown through
    now: datetime = field(init=False)
    today: date = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "now", self.runtime.clock.now())
        object.__setattr__(self, "today", self.runtime.clock.today())

    @property
    def store(self) -> SqlEventStore:
        return self.runtime.store

    @property
    def person_key(self) -> bytes:
        """The secret repeat keys are hashed with."""
        return person_key_of(self.runtime)

    @property
    def periods(self) -> Periods:
        return Periods(self.runtime.county.calendar())

    @property
    def backdate_days(self) -> int:
        """How far back the county lets a matter's arrival be registered."""
        return self.runtime.county.rules_for(self.township).backdate_days

    def number_request(self, desk: str, year: int) -> NumberRequest:
        return self.runtime.county.number_request(self.township, desk, year)

    def check_village(self, village: str | None) -> None:
        """422 naming `village` when the county does not list it under this township."""
        if village is not None:
            self.runtime.county.village(self.township, village)
