"""A relay in a process of its own, for the crash test.

Usage: relay_worker.py DATABASE_URL NATS_URL [KILL_AT_BATCH]. With KILL_AT_BATCH it
SIGKILLs itself after that batch's acks arrived and before its cursor was saved —
the worst moment for a crash: the events are on the stream, the outbox does not know.
"""

import asyncio
import os
import signal
import sys

from fazhi.bus import connect, ensure_stream
from fazhi.relay import OutboxRelay
from fazhi.store.sql import SqlEventStore


async def main(database_url: str, nats_url: str, kill_at_batch: int | None) -> None:
    store = await SqlEventStore.open(database_url)
    nc = await connect([nats_url], "relay-worker")
    js = nc.jetstream()
    await ensure_stream(js, "mediation")
    batches = 0
    save_cursor = store.set_cursor

    async def set_cursor(name: str, position: int) -> None:
        nonlocal batches
        batches += 1
        if kill_at_batch is not None and batches == kill_at_batch:
            os.kill(os.getpid(), signal.SIGKILL)
        await save_cursor(name, position)

    store.set_cursor = set_cursor
    # A window of 100, and a save after every acknowledgement: the cursor saves come in several steps.
    await OutboxRelay(store, js, batch_size=100, window=100, poll_seconds=0.2, save_seconds=0.0).run()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else None))
