"""What the access log costs a read: `GET .../requests?limit=50` as the desk (full values, 50 log rows
written in one INSERT before the answer), the time of that write alone, and a county supervisor (masked).

`python -m bench.access_log_reads [sqlite|postgres]`: in process, no NATS needed; PostgreSQL in a scratch
database on `FAZHI_BENCH_POSTGRES_URL`'s server, dropped afterwards.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from bench.postgres_scratch import scratch_database
from fazhi.access_log import Viewer
from fazhi.auth import issue_token, load_or_create_signing_key
from fazhi.settings import Settings
from services.disclosure.app import build

APPLICATION = {"channel": "in_person", "applicant_type": "natural_person",
               "applicant": {"name": "张三", "id_number": "110101199003074514", "phone": "13812345678",
                             "address": "睢县后台乡张庄村3组12号"},
               "information_sought": "2025年度低保资金发放明细", "received_on": "2026-02-10"}
ROUNDS = 300


def timed(client: TestClient, headers: dict[str, str]) -> list[float]:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get("/v1/townships/houtai/requests?limit=50", headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200 and len(response.json()["items"]) == 50
    return times


def summary(name: str, times: list[float]) -> str:
    times = sorted(times)
    return f"{name:<34} median {statistics.median(times):6.2f} ms   p95 {times[int(len(times) * 0.95)]:6.2f} ms"


def main(url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(service="disclosure", data_dir=Path(tmp), nats_urls="nats://127.0.0.1:1",
                            database_url=url or f"sqlite+aiosqlite:///{tmp}/bench.db")
        key = load_or_create_signing_key(settings.signing_key_path)
        bearer = lambda **kw: {"Authorization": "Bearer " + issue_token(key, **kw)}  # noqa: E731
        desk = bearer(subject="officer", townships=["houtai"], roles=["disclosure_officer"])
        county = bearer(subject="supervisor", county=True, roles=["county_supervisor"])
        with TestClient(build(settings)) as client:
            for _ in range(50):
                assert client.post("/v1/townships/houtai/requests", json=APPLICATION, headers=desk).status_code == 201
            timed(client, desk)  # warm up
            record, writes = Viewer.record, []

            async def measured(self: Viewer) -> None:
                started = time.perf_counter()
                await record(self)
                writes.append((time.perf_counter() - started) * 1000)

            Viewer.record = measured  # type: ignore[method-assign]
            try:
                logged = timed(client, desk)
            finally:
                Viewer.record = record  # type: ignore[method-assign]
            masked = timed(client, county)
    print(f"{settings.database_url.split(':')[0]}, {ROUNDS} reads of 50 requests each")
    for name, times in (("desk: the whole read (full, logged)", logged), ("desk: of which the log write", writes),
                        ("county supervisor (masked)", masked)):
        print(summary(name, times))


async def on_postgres() -> None:
    async with scratch_database() as url:
        await asyncio.to_thread(main, url)


if __name__ == "__main__":
    asyncio.run(on_postgres()) if sys.argv[1:] == ["postgres"] else main(None)
