"""The console's 首页 and a 50-row case list, server time p95, beside the same data fetched from the services directly.

A township is filled with `EVENTS` events through mediation's HTTP API (dispute registrations and
their classifications, two events each); reporting catches up; then each page is asked for
`REQUESTS` times by a signed-in user, and the calls the console makes for that page are made
directly (concurrently, as the console does) with a bearer token. Latency rows are reciprocal
(1/ks), so the ratio reads "direct ÷ console": the share of the page's time that is the services'.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.report import Comparison, Skipped
from bench.scratch import Scratch
from bench.services import ROOT, ServiceProcesses, bench_county
from fazhi.natsserver import NatsServer, free_ports
from fazhi.settings import Settings

EVENTS = int(os.environ.get("FAZHI_BENCH_CONSOLE_EVENTS", "100000"))
REQUESTS = 200
CLERKS = 16
NAMES = ("console_home_p95_vs_direct", "console_case_list_p95_vs_direct")
SERVICES = ("mediation", "disclosure", "petition", "reporting")


async def _fill(url: str, token: str, disputes: int) -> None:
    body = {"level": "village", "village": "v03", "source": "walk_in", "category": "neighbours",
            "parties": [{"name": "张三", "phone": "13800138000"}, {"name": "李四"}], "people_involved": 2,
            "description": "邻里之间因宅基地边界发生纠纷，申请调解。"}
    queue = iter(range(disputes))
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        async def clerk() -> None:
            for _ in queue:
                response = await client.post("/v1/townships/houtai/disputes", json=body)
                response.raise_for_status()
        await asyncio.gather(*(clerk() for _ in range(CLERKS)))


async def _caught_up(url: str, token: str, disputes: int) -> None:
    deadline = time.monotonic() + 600
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        while time.monotonic() < deadline:
            stats = (await client.get("/v1/townships/houtai/statistics")).json()
            if stats["mediation"]["disputes"]["registered"] >= disputes:
                return
            await asyncio.sleep(1)
    raise RuntimeError("reporting did not catch up in 600 s")


async def _p95(call, n: int = REQUESTS) -> float:
    for _ in range(10):  # warm-up: connections, caches
        await call()
    times = []
    for _ in range(n):
        started = time.perf_counter()
        await call()
        times.append(time.perf_counter() - started)
    return statistics.quantiles(times, n=20)[18] * 1000


def _start_console(data: Path, urls: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_ports(1)[0]
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}, "FAZHI_DATA_DIR": str(data),
           "FAZHI_PORT": str(port), "FAZHI_LOG_LEVEL": "warning", "FAZHI_COUNTY_CONFIG": str(data / "county.yaml"),
           **{f"FAZHI_{s.upper()}_URL": u for s, u in urls.items()}}
    with open(data / "console.log", "ab") as log:
        process = subprocess.Popen([sys.executable, "-m", "fazhi.cli", "serve", "console"], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"console not ready; see {data}/console.log")


async def _session(data: Path) -> str:
    from services.console.accounts import AccountStore

    store = await AccountStore.open(Settings(service="console", data_dir=data).database)
    try:
        await store.create("bench", "基准", "bench passphrase", townships=["houtai"], county=False,
                           roles=["leader", "mediation_officer"], must_change_password=False)
        return await store.start_session("bench", datetime_now())
    finally:
        await store.close()


def datetime_now():  # noqa: ANN201 - the accounts' clock
    from datetime import UTC, datetime

    return datetime.now(UTC)


async def run(scratch: Scratch) -> list[Comparison | Skipped]:
    server = NatsServer(scratch.fresh("nats-console")).start()
    data = scratch.fresh("console")
    try:
        with ServiceProcesses(data, server.url, bench_county(), {s: None for s in SERVICES}) as system:
            disputes = EVENTS // 2
            started = time.perf_counter()
            await _fill(system.urls["mediation"], system.token, disputes)
            await _caught_up(system.urls["reporting"], system.token, disputes)
            print(f"    {disputes:,} disputes ({EVENTS:,} events) registered and counted in"
                  f" {time.perf_counter() - started:.0f} s", flush=True)
            session = await _session(data)
            console, url = _start_console(data, system.urls)
            try:
                return await _measure(url, session, system.urls, system.token)
            finally:
                console.terminate()
                console.wait(20)
    finally:
        server.stop()


async def _measure(url: str, session: str, urls: dict[str, str], token: str) -> list[Comparison | Skipped]:
    auth = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, cookies={"fazhi_session": session}, timeout=60) as browser, \
            httpx.AsyncClient(base_url=urls["reporting"], headers=auth, timeout=60) as reporting, \
            httpx.AsyncClient(base_url=urls["mediation"], headers=auth, timeout=60) as mediation:
        async def home() -> None:
            assert (await browser.get("/t/houtai/")).status_code == 200

        async def home_direct() -> None:
            base = "/v1/townships/houtai"
            await asyncio.gather(reporting.get(f"{base}/deadlines", params={"within_days": 7}),
                                 reporting.get(f"{base}/deadlines", params={"within_days": 366}),
                                 reporting.get(f"{base}/statistics"),
                                 reporting.get("/v1/alerts", params={"township": "houtai", "limit": 50}))

        async def cases() -> None:
            assert (await browser.get("/t/houtai/disputes")).status_code == 200

        async def cases_direct() -> None:
            await mediation.get("/v1/townships/houtai/disputes", params={"limit": 50})

        results = []
        for name, page, direct in ((NAMES[0], home, home_direct), (NAMES[1], cases, cases_direct)):
            ours, peer = await _p95(page), await _p95(direct)
            print(f"    {name}: console p95 {ours:.1f} ms, direct p95 {peer:.1f} ms", flush=True)
            results.append(Comparison(name, 1_000_000 / ours, 1_000_000 / peer, "1/ks p95", 0.5))
        return results
