"""Reading fact rows back: every case summary of a township, or of the whole county."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fazhi.store import DocumentQuery
from fazhi.store.sql import SqlEventStore
from services.reporting.facts.kinds import KINDS

ALL = 10**9  # a report reads every row of its scope


@dataclass(frozen=True)
class Facts:
    """Case summaries by kind (`mediation.dispute`, …), each with its `id` and `township`."""

    by_kind: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> list[dict[str, Any]]:
        return self.by_kind.get(kind, [])

    def where(self, keep: Any) -> Facts:
        """The facts whose summary passes `keep` (a village's, say)."""
        return Facts({k: [f for f in rows if keep(f)] for k, rows in self.by_kind.items()})

    def of_township(self, township: str) -> Facts:
        return self.where(lambda f: f["township"] == township)


async def load_facts(store: SqlEventStore, township: str | None, kinds: Iterable[str] = KINDS) -> Facts:
    """Every fact row of `township` (None: the county), oldest first."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for name in kinds:
        query = DocumentQuery(collection=KINDS[name].collection, township=township, limit=ALL)
        page = await store.list_documents(query)
        rows = [{**doc.data["facts"], "id": doc.id, "township": doc.township} for doc in reversed(page.items)]
        by_kind[name] = rows
    return Facts(by_kind)
