"""`fazhi up`: the embedded deployment — one nats-server and every service as child processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from fazhi.auth import issue_token, load_or_create_signing_key
from fazhi.natsserver import NatsServer, port_is_free
from fazhi.settings import Settings

console = Console()


def run_everything(data_dir: Path, nats_port: int, services: list[str]) -> None:
    """Start, report, then wait for Ctrl-C (or SIGTERM) and stop everything in order."""
    (data_dir / "logs").mkdir(parents=True, exist_ok=True)
    key = load_or_create_signing_key(Settings(data_dir=data_dir).signing_key_path)
    nats = NatsServer(data_dir / "nats", port=nats_port if port_is_free(nats_port) else None).start()
    children: dict[str, subprocess.Popen[bytes]] = {}
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    services, password = _with_console(services, data_dir)
    try:
        for service in services:
            children[service] = _start(service, data_dir, nats.url)
        _wait_ready(services, children, data_dir)
        _report(services, nats.url, data_dir, issue_token(
            key, subject="local-admin", county=True, roles=["admin"], ttl=timedelta(days=7)), password)
        while not stopping:
            for service, child in children.items():
                if child.poll() is not None:
                    console.print(f"[red]{service} exited ({child.returncode}); see {data_dir}/logs/{service}.log")
                    stopping = True
            time.sleep(0.3)
    finally:
        console.print("stopping…")
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children.values():
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                child.kill()
        nats.stop()  # last: services flush their relays first; what is left waits in their outboxes
        console.print("stopped.")


def _with_console(services: list[str], data_dir: Path) -> tuple[list[str], str | None]:
    """The console goes first (and is printed first), with its first admin's one-time password."""
    try:
        from services.console.accounts import first_admin_password
    except ImportError:  # a checkout without the console
        return services, None
    return ["console", *services], first_admin_password(Settings(data_dir=data_dir, service="console"))


def _start(service: str, data_dir: Path, nats_url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FAZHI_DATA_DIR": str(data_dir), "FAZHI_NATS_URLS": nats_url}
    env.pop("FAZHI_PORT", None)  # each service takes its own port setting
    log = open(data_dir / "logs" / f"{service}.log", "ab")
    # A session of its own, so Ctrl-C reaches only this supervisor, which stops children in order.
    return subprocess.Popen([sys.executable, "-m", "fazhi.cli", "serve", service], env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _wait_ready(services: list[str], children: dict[str, subprocess.Popen[bytes]], data_dir: Path) -> None:
    deadline = time.monotonic() + 60
    pending = set(services)
    with console.status("starting services…"):
        while pending and time.monotonic() < deadline:
            for service in sorted(pending):
                if children[service].poll() is not None:
                    raise SystemExit(f"{service} failed to start; see {data_dir}/logs/{service}.log")
                try:
                    url = f"http://127.0.0.1:{Settings().port_of(service)}/readyz"
                    if httpx.get(url, timeout=1).status_code == 200:
                        pending.discard(service)
                except httpx.HTTPError:
                    pass
            time.sleep(0.2)
    if pending:
        raise SystemExit(f"not ready after 60 s: {', '.join(sorted(pending))}; see {data_dir}/logs/")


def _report(services: list[str], nats_url: str, data_dir: Path, token: str, password: str | None = None) -> None:
    table = Table("service", "URL", "API docs")
    for service in services:
        url = f"http://127.0.0.1:{Settings().port_of(service)}"
        table.add_row(service, url, "(web console)" if service == "console" else f"{url}/docs")
    table.add_row("nats", nats_url, "")
    console.print(table)
    if password:
        console.print(f"console: sign in as [bold]admin[/bold] with the one-time password [bold]{password}[/bold] "
                      "(you choose your own at first sign-in)")
    console.print(f"data and logs: {data_dir}")
    console.print("development admin token (county-wide, 7 days):")
    print(token, flush=True)
    console.print("Ctrl-C stops everything.")
