"""Benchmark: sustained commands/s of the whole system on PostgreSQL for a county of 20 townships, and reporting's lag.

Ours: the four services as `fazhi serve` processes, each on a PostgreSQL database of its
own, one local nats-server, a county file of 20 townships (the demo county's three and
seventeen more like them). CLIENTS concurrent clerks run a mixed workload for SECONDS
through the HTTP APIs, each case in a township picked at random: a dispute registered,
accepted, assigned, heard and agreed (5 commands); a disclosure application received and
answered (2); a petition registered and accepted (2). A command counts once its 2xx
answer is in; a refused one is printed, never counted.

The peer, in the same run: the mediation part of that mix (the dispute cases alone) from
the same number of clients against one mediation process alone, on PostgreSQL, with no
other service running. It is the machine's ceiling for one service's HTTP commands, so the
ratio says what running the whole county — four services, three of them relaying and one
projecting everything into the reports — costs against one desk on its own. Why not raw
asyncpg inserts: a command is a request parsed, authorized, decided and committed with its
outbox row; the driver's insert rate (~16k/s here) would only say the HTTP stack is slower
than a bare insert, not what the county sustains. The issue sets no figure, so the row is
report-only (target 0.0).

Lag: the events reporting has yet to project, sampled every LAG_EVERY seconds during the
run from JetStream: `num_pending + num_ack_pending` of its durables `reporting-mediation`,
`reporting-disclosure` and `reporting-petition`, summed. Rows give the max and the p95
with the events/s the producers published as peer, so the ratio reads "seconds of
production behind". Nothing is promised for the lag (target 0.0, report-only): it shows
whether the projections keep up at this rate; the time to drain after the run is printed.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from contextlib import AsyncExitStack
from datetime import timedelta
from typing import Any

import httpx
import nats

from bench.postgres_scratch import scratch_database, unreachable
from bench.report import Comparison, Skipped, run_alone
from bench.scratch import Scratch
from bench.services import ServiceProcesses, bench_county
from fazhi.clock import Clock
from fazhi.natsserver import NatsServer

TOWNSHIPS = 20
CLIENTS = 16
SECONDS = 20.0
PEER_SECONDS = 8.0
LAG_EVERY = 0.25
SERVICES = ("mediation", "disclosure", "petition", "reporting")
PRODUCERS = SERVICES[:3]
NAMES = ("county_commands_vs_mediation_alone", "county_reporting_lag_max", "county_reporting_lag_p95")


class Clerks:
    """CLIENTS clients running cases until the time is up; counts the commands answered 2xx in the window."""

    def __init__(self, urls: dict[str, str], token: str, townships: list[str], kinds: tuple[str, ...]) -> None:
        self.urls, self.townships, self.kinds = urls, townships, kinds
        self.headers = {"Authorization": f"Bearer {token}"}
        self.today = Clock().today()
        self.done = 0
        self.refused: list[str] = []
        self.until = 0.0

    async def run(self, seconds: float) -> float:
        """Commands per second over the window."""
        limits = httpx.Limits(max_connections=CLIENTS * 2)
        async with httpx.AsyncClient(headers=self.headers, timeout=30, limits=limits) as client:
            started = time.perf_counter()
            self.until = started + seconds
            await asyncio.gather(*(self._clerk(client, random.Random(n)) for n in range(CLIENTS)))
        return self.done / seconds

    async def _clerk(self, client: httpx.AsyncClient, rnd: random.Random) -> None:
        while time.perf_counter() < self.until:
            kind, township = rnd.choice(self.kinds), rnd.choice(self.townships)
            try:
                await getattr(self, kind)(client, township, rnd.randrange(10**9))
            except _Refused:
                pass

    async def _send(self, client: httpx.AsyncClient, service: str, path: str, body: dict | None,
                    version: str | None = None) -> tuple[dict, str]:
        headers = {"If-Match": version} if version else {}
        response = await client.post(self.urls[service] + path, json=body, headers=headers)
        if response.status_code >= 300:
            self.refused.append(f"{response.status_code} {path}: {response.text[:200]}")
            raise _Refused
        if time.perf_counter() <= self.until:
            self.done += 1
        return response.json(), response.headers.get("ETag", "")

    async def dispute(self, client: httpx.AsyncClient, township: str, n: int) -> None:
        base = f"/v1/townships/{township}/disputes"
        case, version = await self._send(client, "mediation", base, {
            "level": "village", "village": f"v0{1 + n % 7}", "source": "walk_in", "category": "neighbours",
            "parties": [{"name": "甲"}, {"name": "乙"}], "people_involved": 2, "description": f"bench {n}"})
        for verb, body in (("accept", None), ("assign", {"mediator": "王调解"}), ("record-session", {"summary": "面谈"}),
                           ("agree", {"form": "oral", "oral_content": "拆除越界部分",
                                      "performance_deadline": (self.today + timedelta(days=10)).isoformat()})):
            case, version = await self._send(client, "mediation", f"{base}/{case['id']}/{verb}", body, version)

    async def request(self, client: httpx.AsyncClient, township: str, n: int) -> None:
        base = f"/v1/townships/{township}/requests"
        case, version = await self._send(client, "disclosure", base, {
            "channel": "in_person", "applicant_type": "natural_person", "applicant": {"name": f"申请人{n}"},
            "information_sought": f"低保名单 {n}", "received_on": self.today.isoformat()})
        await self._send(client, "disclosure", f"{base}/{case['id']}/answer", {"outcome": "granted"}, version)

    async def petition(self, client: httpx.AsyncClient, township: str, n: int) -> None:
        base = f"/v1/townships/{township}/petitions"
        case, version = await self._send(client, "petition", base, {
            "channel": "visit", "petitioners": [{"name": f"信访人{n}"}], "subject": f"道路 {n}", "claims": ["修路"],
            "village": "v02"})
        await self._send(client, "petition", f"{base}/{case['id']}/decide-acceptance", {"decision": "accept"}, version)


class _Refused(Exception):
    """A command answered 4xx/5xx: the case stops there."""


async def reporting_lag(js) -> int:  # type: ignore[no-untyped-def]
    """Events reporting's fact consumers have not yet acknowledged, all producers together."""
    lag = 0
    for service in PRODUCERS:
        info = await js.consumer_info(service.upper(), f"reporting-{service}")
        lag += info.num_pending + info.num_ack_pending
    return lag


async def published(js) -> int:  # type: ignore[no-untyped-def]
    return sum([(await js.stream_info(s.upper())).state.messages for s in PRODUCERS])


async def sample_lag(js, samples: list[int], stop: asyncio.Event) -> None:  # type: ignore[no-untyped-def]
    while not stop.is_set():
        samples.append(await reporting_lag(js))
        try:
            await asyncio.wait_for(stop.wait(), LAG_EVERY)
        except TimeoutError:
            pass


async def mediation_alone(scratch: Scratch, county: dict[str, Any], townships: list[str]) -> float:
    server = NatsServer(scratch.fresh("nats-peer")).start()
    try:
        async with scratch_database() as url:
            with ServiceProcesses(scratch.fresh("peer"), server.url, county, {"mediation": url}) as system:
                clerks = Clerks(system.urls, system.token, townships, ("dispute",))
                rate = await clerks.run(PEER_SECONDS)
    finally:
        server.stop()
    _print_refused(clerks)
    return rate


async def whole_county(scratch: Scratch, county: dict[str, Any], townships: list[str]) -> tuple[float, float, list[int]]:
    server = NatsServer(scratch.fresh("nats")).start()
    try:
        async with AsyncExitStack() as stack:
            databases = {s: await stack.enter_async_context(scratch_database()) for s in SERVICES}
            with ServiceProcesses(scratch.fresh("county"), server.url, county, databases) as system:
                nc = await nats.connect(server.url)
                js = nc.jetstream()
                clerks = Clerks(system.urls, system.token, townships, ("dispute", "request", "petition"))
                samples: list[int] = []
                stop = asyncio.Event()
                sampler = asyncio.create_task(sample_lag(js, samples, stop))
                before = await published(js)
                rate = await clerks.run(SECONDS)
                events_per_s = (await published(js) - before) / SECONDS
                stop.set()
                await sampler
                drained = time.perf_counter()
                while await reporting_lag(js) and time.perf_counter() - drained < 30:
                    await asyncio.sleep(0.1)
                print(f"    reporting drained {samples[-1]} events in {time.perf_counter() - drained:.1f} s after the"
                      f" run; producers published {events_per_s:,.0f} events/s", flush=True)
                await nc.close()
    finally:
        server.stop()
    _print_refused(clerks)
    return rate, events_per_s, samples


def _print_refused(clerks: Clerks) -> None:
    if clerks.refused:
        print(f"    {len(clerks.refused)} commands refused, e.g. {clerks.refused[0]}", flush=True)


async def run(scratch: Scratch) -> list[Comparison | Skipped]:
    reason = await unreachable()
    if reason:
        return [Skipped(name, reason) for name in NAMES]
    county = bench_county(TOWNSHIPS)
    townships = [t["code"] for t in county["townships"]]
    alone = await mediation_alone(scratch, county, townships)
    ours, events_per_s, lag = await whole_county(scratch, county, townships)
    p95 = statistics.quantiles(lag, n=20, method="inclusive")[-1]
    print(f"    whole county {ours:,.0f} commands/s, mediation alone {alone:,.0f} commands/s; reporting lag"
          f" max {max(lag)} p95 {p95:.0f} median {statistics.median(lag):.0f} events ({len(lag)} samples)",
          flush=True)
    return [
        Comparison(NAMES[0], ours, alone, "cmd/s", 0.0),
        Comparison(NAMES[1], float(max(lag)), events_per_s, "events", 0.0),
        Comparison(NAMES[2], p95, events_per_s, "events", 0.0),
    ]


if __name__ == "__main__":  # this benchmark alone
    run_alone(run)
