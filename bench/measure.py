"""Running contenders alternately and taking medians.

Each contender is one fresh run of a workload that reports how many items it
handled and how long the timed part took. Every contender is warmed up once;
then rounds run each contender in turn (the order rotating each round, so no one
always goes first or last on a warm disk), and the median rate of the rounds counts.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

ROUNDS = 3


@dataclass(frozen=True)
class Contender:
    """A named workload: one call is one fresh run, returning items per second."""

    name: str
    run: Callable[[], Awaitable[float]]


class Stopwatch:
    """Times the `with` block; `rate(n)` is items per second."""

    def __enter__(self) -> Stopwatch:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.perf_counter() - self.started

    def rate(self, items: int) -> float:
        return items / self.seconds


async def medians(contenders: list[Contender], rounds: int = ROUNDS) -> dict[str, float]:
    """Median rate of each contender over `rounds`, after one warm-up each."""
    for contender in contenders:
        await contender.run()
    rates: dict[str, list[float]] = {c.name: [] for c in contenders}
    for round_no in range(rounds):
        shift = round_no % len(contenders)
        for contender in contenders[shift:] + contenders[:shift]:
            rates[contender.name].append(await contender.run())
    for name, seen in rates.items():
        print(f"    {name:<44} " + "  ".join(f"{r:>10,.0f}" for r in seen) + "  /s", flush=True)
    return {name: statistics.median(seen) for name, seen in rates.items()}
