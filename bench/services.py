"""Service processes for the end-to-end benchmarks: `fazhi serve`, as `fazhi up` runs them.

They share one data folder, so one signing key (the token below is accepted by all) and
one person key; each takes a free port and the database it is given (None: its SQLite file).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import yaml

from fazhi.auth import issue_token, load_or_create_signing_key
from fazhi.natsserver import free_ports
from fazhi.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def bench_county(townships: int = 0) -> dict[str, Any]:
    """The demo county, with townships added (`town04`…) up to `townships`, and nothing that depends on
    the hour or the day of the run (quiet hours, the monthly screening report)."""
    county = yaml.safe_load(resources.files("fazhi").joinpath("demo_county.yaml").read_text("utf-8"))
    county["alerts"]["quiet_hours"] = None
    county["rules"]["screening_report_day"] = None
    villages = [{"code": f"v{i:02d}", "name": f"基准{i}村"} for i in range(1, 9)]
    for n in range(len(county["townships"]) + 1, townships + 1):
        county["townships"].append({"code": f"town{n:02d}", "name": f"基准{n}乡", "villages": villages})
    return county


class ServiceProcesses:
    """`with ServiceProcesses(data, nats_url, county, {"mediation": None, …}) as system:` — `system.urls`,
    `system.token` (county-wide admin)."""

    def __init__(self, data: Path, nats_url: str, county: dict[str, Any], databases: dict[str, str | None]) -> None:
        data.mkdir(parents=True)
        county_file = data / "county.yaml"
        county_file.write_text(yaml.safe_dump(county, allow_unicode=True, sort_keys=False), encoding="utf-8")
        self.env = {**{k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")},
                    "FAZHI_DATA_DIR": str(data), "FAZHI_NATS_URLS": nats_url, "FAZHI_LOG_LEVEL": "warning",
                    "FAZHI_COUNTY_CONFIG": str(county_file)}
        self.data, self.databases = data, databases
        self.processes: list[subprocess.Popen[bytes]] = []
        self.urls: dict[str, str] = {}
        key = load_or_create_signing_key(Settings(data_dir=data).signing_key_path)  # before any service makes one
        self.token = issue_token(key, subject="bench", county=True, roles=["admin"], ttl=timedelta(hours=1))

    def __enter__(self) -> ServiceProcesses:
        for (service, database), port in zip(self.databases.items(), free_ports(len(self.databases)), strict=True):
            env = {**self.env, "FAZHI_PORT": str(port)}
            if database is not None:
                env["FAZHI_DATABASE_URL"] = database
            with open(self.data / f"{service}.log", "ab") as log:
                self.processes.append(subprocess.Popen([sys.executable, "-m", "fazhi.cli", "serve", service],
                                                       cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
            self.urls[service] = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        for url in self.urls.values():
            while not _ready(url):
                if time.monotonic() > deadline or any(p.poll() is not None for p in self.processes):
                    self.__exit__()
                    raise RuntimeError(f"{url} not ready; logs in {self.data}")
                time.sleep(0.1)
        return self

    def __exit__(self, *_: object) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(20)


def _ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
