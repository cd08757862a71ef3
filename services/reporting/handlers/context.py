"""What every handler needs about the call: the runtime, the township, who acts, and today."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fazhi.errors import InvalidInput
from fazhi.service import Runtime
from fazhi.store.sql import SqlEventStore


@dataclass(frozen=True)
class Context:
    """One call's circumstances; `today` is read once from the injected clock."""

    runtime: Runtime
    township: str | None  # None: a county-wide read
    metadata: dict[str, Any]
    viewer: Any = None  # over HTTP: the `fazhi.access_log.Viewer` records are shown through
    today: date = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "today", self.runtime.clock.today())

    @property
    def store(self) -> SqlEventStore:
        return self.runtime.store

    @property
    def here(self) -> str:
        """The township of a township-scoped call."""
        assert self.township is not None, "a county-wide call has no township"
        return self.township

    def check_village(self, village: str | None, field: str = "village") -> None:
        """422 naming `field` when the county does not list the village under this township."""
        if village is not None and village not in {v.code for v in self.runtime.county.township(self.here).villages}:
            raise InvalidInput(f"village {village!r} is not in township {self.here!r}", field=field)
