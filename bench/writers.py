"""N concurrent writers, each appending single events to new streams of its own.

Asyncio tasks for the async contenders (ours, asyncpg) and threads for the sync
ones (eventsourcing). Every writer starts at the same moment; the clock stops
when the last one finishes.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable

from bench.measure import Stopwatch

WRITERS = 32


async def run_tasks(append: Callable[[int, int], Awaitable[object]], count: int, writers: int = WRITERS) -> float:
    """Events per second; `append(writer, i)` writes writer's i-th event."""
    per_writer = count // writers

    async def writer(w: int) -> None:
        for i in range(per_writer):
            await append(w, i)

    with Stopwatch() as watch:
        await asyncio.gather(*(writer(w) for w in range(writers)))
    return watch.rate(per_writer * writers)


def run_threads(append: Callable[[int, int], object], count: int, writers: int = WRITERS) -> float:
    """Events per second; `append(writer, i)` is called from the writer's own thread."""
    per_writer = count // writers
    start = threading.Barrier(writers + 1)
    failures: list[BaseException] = []

    def writer(w: int) -> None:
        start.wait()
        try:
            for i in range(per_writer):
                append(w, i)
        except BaseException as error:  # re-raised in the caller: a crash must not look fast
            failures.append(error)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    with Stopwatch() as watch:
        start.wait()
        for thread in threads:
            thread.join()
    if failures:
        raise failures[0]
    return watch.rate(per_writer * writers)
