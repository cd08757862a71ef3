"""The results: one `Comparison` per ratio, printed as a table and written as JSON."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.scratch import Scratch

RESULTS = Path(__file__).parent / "results.json"


@dataclass(frozen=True)
class Comparison:
    """`ours / peer`, and the smallest ratio the issue accepts."""

    name: str
    ours: float
    peer: float
    unit: str
    target: float

    @property
    def ratio(self) -> float:
        return self.ours / self.peer

    @property
    def met(self) -> bool:
        return self.ratio >= self.target

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "ours": round(self.ours, 1), "peer": round(self.peer, 1),
                "unit": self.unit, "ratio": round(self.ratio, 3), "target": self.target}


@dataclass(frozen=True)
class Skipped:
    """A comparison that could not run here, and why (printed, not written)."""

    name: str
    reason: str


def print_table(rows: list[Comparison | Skipped]) -> None:
    header = f"{'name':<46} {'ours':>11} {'peer':>11} {'unit':<9} {'ratio':>6} {'target':>7}  met?"
    print("\n" + header + "\n" + "-" * len(header))
    for row in rows:
        if isinstance(row, Skipped):
            print(f"{row.name:<46} skipped: {row.reason}")
            continue
        verdict = "yes" if row.met else "NO  <-- target missed"
        print(f"{row.name:<46} {row.ours:>11,.0f} {row.peer:>11,.0f} {row.unit:<9} "
              f"{row.ratio:>6.2f} {'≥' + format(row.target, 'g'):>7}  {verdict}")


def write_json(path: Path, rows: list[Comparison | Skipped]) -> None:
    results = [row.as_json() for row in rows if isinstance(row, Comparison)]
    path.write_text(json.dumps(results, indent=2) + "\n")


def run_alone(run: Callable[[Scratch], Awaitable[list[Comparison | Skipped]]]) -> None:
    """Run one benchmark module's `run` by itself; its rows replace their namesakes in `RESULTS`."""
    from bench.scratch import Scratch

    scratch = Scratch()
    try:
        rows = asyncio.run(run(scratch))
    finally:
        scratch.remove()
    print_table(rows)
    names = {row.name for row in rows}
    kept = [r for r in (json.loads(RESULTS.read_text()) if RESULTS.exists() else []) if r["name"] not in names]
    RESULTS.write_text(json.dumps(kept + [row.as_json() for row in rows if isinstance(row, Comparison)], indent=2)
                       + "\n")
