"""What every handler needs about the call: the runtime, the township, who acts, and today."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from fazhi.numbering import NumberRequest
from fazhi.service import Runtime
from fazhi.store import Document
from services.mediation.domain import Dispute, Policy
from services.mediation.views import project_dispute


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
    def store(self) -> Any:
        return self.runtime.store

    @cached_property
    def policy(self) -> Policy:
        county = self.runtime.county
        return Policy(county.rules_for(self.township), county.calendar())

    def project(self, dispute: Dispute) -> list[Document]:
        """The dispute's read model, its deadlines counted on the county calendar."""
        return project_dispute(dispute, self.policy.calendar)

    def number_request(self) -> NumberRequest:
        """What the store needs to number a dispute registered today."""
        return self.runtime.county.number_request(self.township, "mediation", self.today.year)

    def check_village(self, village: str | None) -> None:
        """422 naming `village` when the county does not list it under this township."""
        if village is not None:
            self.runtime.county.village(self.township, village)
