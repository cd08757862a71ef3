"""`python -m bench`: every benchmark, side by side, then the table and `bench/results.json`.

Exits 0 when a target is missed (the table says so); non-zero only when a
benchmark crashes, after running the others.
"""

from __future__ import annotations

import asyncio
import sys
import time
import traceback
from pathlib import Path

from bench import (
    alert_latency,
    catchup_read,
    console_pages,
    county_throughput,
    postgres_append_concurrent,
    relay_publish,
    sqlite_append_batched,
    sqlite_append_concurrent,
)
from bench.report import RESULTS, Comparison, Skipped, print_table, write_json
from bench.scratch import Scratch

BENCHMARKS = {
    "sqlite_append_concurrent": sqlite_append_concurrent,
    "sqlite_append_batched": sqlite_append_batched,
    "postgres_append_concurrent": postgres_append_concurrent,
    "relay_publish": relay_publish,
    "catchup_read": catchup_read,
    "alert_latency": alert_latency,
    "county_throughput": county_throughput,
    "console_pages": console_pages,
}


async def main() -> int:
    rows: list[Comparison | Skipped] = []
    crashed: list[str] = []
    scratch = Scratch()
    started = time.perf_counter()
    try:
        for name, module in BENCHMARKS.items():
            print(f"\n{name}: {module.__doc__.splitlines()[0]}", flush=True)
            try:
                rows.extend(await module.run(scratch))
            except Exception:  # the others still run; the exit status reports it
                traceback.print_exc()
                crashed.append(name)
    finally:
        scratch.remove()
    print_table(rows)
    write_json(RESULTS, rows)
    missed = [row.name for row in rows if isinstance(row, Comparison) and not row.met]
    print(f"\n{len(rows) - len(missed)} of {len(rows)} targets met"
          + (f"; missed: {', '.join(missed)}" if missed else "")
          + f". Results in {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}"
          + f" ({time.perf_counter() - started:.0f} s).")
    if crashed:
        print(f"CRASHED: {', '.join(crashed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
