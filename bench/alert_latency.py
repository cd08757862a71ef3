"""Benchmark: commit-to-delivery latency of a major-dispute alert, beside a raw sqlite3 → NATS pipeline.

Ours: a real mediation process and a real reporting process (SQLite, one real nats-server).
Registrations are posted to mediation at 100/s (200 events/s: registered + classified), one
in ten major, by a client process of its own; an SSE client on reporting's `/v1/alerts/stream` takes each major-dispute
alert, and its latency is from the classification's commit (`recorded_at`, stamped in the
committing transaction) to the moment the client has parsed the alert. The peer, in the
same run, at the same event rate: sqlite3 insert and commit, nats-py JetStream publish, a
nats-py subscriber in another thread. Ours has two such legs (the alert is itself an event,
committed in reporting's store before anyone is told), so a second raw pipeline of the same
shape runs too, as a floor for that shape: its subscriber is another process that commits
each message to a database of its own and publishes it on. Rows compare 1/latency (per 1000 s, so that seconds-long
latencies stay readable), so `ours / peer ≥ target` reads "ours takes at most 1/target
times the peer's time"; the milliseconds are printed above the table.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import sqlite3
import statistics
import threading
import time
from pathlib import Path

import httpx
import nats

from bench.report import Comparison, run_alone
from bench.scratch import Scratch
from bench.services import ServiceProcesses, bench_county
from fazhi.natsserver import NatsServer

RATE = 100  # registrations per second: 200 events per second
SECONDS = 40  # 340 major-dispute alerts after the warm-up: a p99 that is not one unlucky sample
WARMUP_SECONDS = 3
MAJOR_EVERY = 10


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def describe(name: str, values: list[float]) -> tuple[float, float]:
    p50, p99 = percentile(values, 50), percentile(values, 99)
    print(f"    {name:<46} n={len(values):>5}  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  max {max(values):7.2f} ms",
          flush=True)
    return p50, p99


class Receiver(threading.Thread):
    """A client on its own thread and event loop, so the load generator never delays its clock readings."""

    def __init__(self, consume) -> None:
        super().__init__(daemon=True)
        self.consume, self.ready, self.latencies = consume, threading.Event(), []
        self.raised: list[float] = []  # ours: from the cause's commit to the alert's, the first leg
        self.loop = asyncio.new_event_loop()

    def run(self) -> None:
        try:
            self.loop.run_until_complete(self.consume(self))
        except asyncio.CancelledError:  # stopped
            pass

    def stop(self) -> None:
        for task in asyncio.all_tasks(self.loop):
            self.loop.call_soon_threadsafe(task.cancel)
        self.join(10)


# -- the raw pipeline ---------------------------------------------------------------------------------

async def raw_pipeline(url: str, path: Path, events_per_second: int, seconds: float,
                       relay_path: Path | None = None) -> list[float]:
    """sqlite3 commit → js.publish → subscriber; with `relay_path`, the same shape as ours: the
    subscriber is another process, which commits to a database of its own and publishes again
    (`relay`), and the receiver takes that second message."""
    taken = "raw.>" if relay_path is None else "raw.out.>"

    async def consume(receiver: Receiver) -> None:
        async def took(msg) -> None:
            _took(receiver, json.loads(msg.data)["t"])

        nc = await nats.connect(url)
        await nc.subscribe(taken, cb=took)
        await nc.flush()
        receiver.ready.set()
        await asyncio.Event().wait()

    receiver = Receiver(consume)
    receiver.start()
    receiver.ready.wait(10)
    db = _raw_database(path)
    nc = await nats.connect(url)
    js = nc.jetstream()
    await js.add_stream(name="RAW", subjects=["raw.>"])
    middle = None
    if relay_path is not None:
        ready = multiprocessing.get_context("spawn").Event()
        middle = multiprocessing.get_context("spawn").Process(target=relay, args=(url, relay_path, ready), daemon=True)
        middle.start()
        if not ready.wait(30):
            middle.terminate()
            raise RuntimeError("the raw pipeline's second process did not start")
    subject, msg_id = ("raw.{}", "{}") if relay_path is None else ("raw.in.{}", "in-{}")
    count = int(events_per_second * seconds)
    started = time.perf_counter()
    for i in range(count):
        await _until(started + i / events_per_second)
        body = json.dumps({"t": time.time(), "i": i})
        db.execute("BEGIN")
        db.execute("INSERT INTO events (data) VALUES (?)", (body,))
        db.execute("COMMIT")
        await js.publish(subject.format(i % 10), body.encode(), headers={"Nats-Msg-Id": msg_id.format(i)})
    await asyncio.sleep(0.5)
    await nc.close()
    if middle is not None:
        middle.terminate()
        middle.join(10)
    receiver.stop()
    warm = int(events_per_second * WARMUP_SECONDS)
    return receiver.latencies[warm:]


def _raw_database(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL"):
        db.execute(f"PRAGMA {pragma}")
    db.execute("CREATE TABLE events (position INTEGER PRIMARY KEY, data TEXT NOT NULL)")
    return db


def relay(url: str, path: Path, ready) -> None:
    """The raw pipeline's second process: each message committed here, then published on."""

    async def serve() -> None:
        db = _raw_database(path)
        nc = await nats.connect(url)
        js = nc.jetstream()

        async def passed(msg) -> None:
            db.execute("BEGIN")
            db.execute("INSERT INTO events (data) VALUES (?)", (msg.data.decode(),))
            db.execute("COMMIT")
            await js.publish(msg.subject.replace("raw.in.", "raw.out.", 1), msg.data,
                             headers={"Nats-Msg-Id": f"out-{json.loads(msg.data)['i']}"})

        await nc.subscribe("raw.in.>", cb=passed)
        await nc.flush()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(serve())


def _took(receiver: Receiver, committed_at: float) -> None:
    receiver.latencies.append((time.time() - committed_at) * 1000)


async def _until(at: float) -> None:
    delay = at - time.perf_counter()
    if delay > 0:
        await asyncio.sleep(delay)


# -- ours: real service processes -----------------------------------------------------------------------

async def sse_latencies(services: ServiceProcesses, rate: int, seconds: float) -> tuple[list[float], list[float]]:
    """Commit → SSE client, and commit → the alert's own commit (the first leg), in ms."""
    headers = {"Authorization": f"Bearer {services.token}"}

    async def consume(receiver: Receiver) -> None:
        async with httpx.AsyncClient(timeout=None) as client:
            async with client.stream("GET", f"{services.urls['reporting']}/v1/alerts/stream",
                                     params={"rule": "major_dispute"}, headers=headers) as response:
                receiver.ready.set()
                async for line in response.aiter_lines():
                    if line.startswith("data:"):
                        body = json.loads(line[5:])
                        cause = _timestamp(body["alert"]["cause"]["recorded_at"])
                        _took(receiver, cause)
                        receiver.raised.append((_timestamp(body["occurred_at"]) - cause) * 1000)

    receiver = Receiver(consume)
    receiver.start()
    receiver.ready.wait(10)
    count = int(rate * seconds)
    majors = sum(1 for i in range(count) if i % MAJOR_EVERY == 0)
    # The clerks' clients are other machines: the load comes from a process of its own, so that
    # posting it does not hold up the SSE client's thread here (both in one interpreter share a GIL).
    load = multiprocessing.get_context("spawn").Process(
        target=post_load, args=(services.urls["mediation"], headers, rate, count))
    load.start()
    await asyncio.to_thread(load.join)
    deadline = time.monotonic() + 15
    while len(receiver.latencies) < majors and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    receiver.stop()
    if len(receiver.latencies) < majors:
        print(f"    ({majors - len(receiver.latencies)} of {majors} major-dispute alerts never arrived)")
    warm = int(majors * WARMUP_SECONDS / seconds)
    return receiver.latencies[warm:], receiver.raised[warm:]


def post_load(url: str, headers: dict[str, str], rate: int, count: int) -> None:
    """Register `count` disputes at `rate` per second, one in MAJOR_EVERY major."""

    async def post() -> None:
        async with httpx.AsyncClient(base_url=url, headers=headers, limits=httpx.Limits(max_connections=32)) as client:
            started, pending = time.perf_counter(), []
            for i in range(count):
                await _until(started + i / rate)
                pending.append(asyncio.create_task(_register(client, major=i % MAJOR_EVERY == 0)))
            await asyncio.gather(*pending)

    asyncio.run(post())


def _timestamp(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso).timestamp()


async def _register(client: httpx.AsyncClient, *, major: bool) -> None:
    body = {"level": "village", "village": "v03", "source": "walk_in", "category": "neighbours",
            "parties": [{"name": "张三"}], "people_involved": 6 if major else 2, "description": "bench"}
    response = await client.post("/v1/townships/houtai/disputes", json=body)
    response.raise_for_status()


async def run(scratch: Scratch) -> list[Comparison]:
    server = NatsServer(scratch.fresh("nats")).start()
    try:
        raw = await raw_pipeline(server.url, scratch.fresh("raw.db"), RATE * 2, SECONDS)
        shaped = await raw_pipeline(server.url, scratch.fresh("raw-in.db"), RATE * 2, SECONDS,
                                    relay_path=scratch.fresh("raw-out.db"))
        with ServiceProcesses(scratch.fresh("services"), server.url, bench_county(),
                              {"mediation": None, "reporting": None}) as services:
            ours, raised = await sse_latencies(services, RATE, SECONDS)
    finally:
        server.stop()
    raw_p50, raw_p99 = describe("raw: sqlite3 commit → js.publish → subscriber", raw)
    shaped_p50, shaped_p99 = describe("raw, ours' shape: … → commit → js.publish → subscriber", shaped)
    ours_p50, ours_p99 = describe("ours: mediation commit → reporting SSE client", ours)
    describe("  of which: mediation commit → alert committed", raised)
    per_ks = lambda ms: 1e6 / ms  # noqa: E731 (latency in ms → how many fit in 1000 s)
    return [
        Comparison("alert_latency_p99_vs_raw", per_ks(ours_p99), per_ks(raw_p99), "1/ks p99", 0.5),
        Comparison("alert_latency_p50_vs_raw", per_ks(ours_p50), per_ks(raw_p50), "1/ks p50", 0.0),
        Comparison("alert_latency_p99_vs_raw_same_shape", per_ks(ours_p99), per_ks(shaped_p99), "1/ks p99", 0.0),
        Comparison("alert_latency_p50_vs_raw_same_shape", per_ks(ours_p50), per_ks(shaped_p50), "1/ks p50", 0.0),
        Comparison("alert_latency_p99_vs_10ms", per_ks(ours_p99), per_ks(10.0), "1/ks p99", 1.0),
    ]


if __name__ == "__main__":  # this benchmark alone
    run_alone(run)
