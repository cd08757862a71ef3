"""`fazhi up`: the embedded deployment — one nats-server and every service as child processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from fazhi.auth import load_or_create_signing_key
from fazhi.busauth import OPERATOR, Credential, declared_access, write_bus_config
from fazhi.cli import operator, sign_local_token
from fazhi.keyfiles import private_directory
from fazhi.natsserver import NatsServer, port_is_free
from fazhi.settings import Settings

console = Console()


def run_everything(data_dir: Path, nats_port: int, services: list[str]) -> None:
    """Start, report, then wait for Ctrl-C (or SIGTERM) and stop everything in order."""
    private_directory(data_dir)  # keys, databases and logs: the owner's alone
    private_directory(data_dir / "logs")
    load_or_create_signing_key(Settings(data_dir=data_dir).signing_key_path)
    # The closed bus: a NATS user per service, generated on first start and kept (see `fazhi nats-config`).
    bus = write_bus_config(Settings(data_dir=data_dir).nats_config_dir, declared_access(services))
    nats = NatsServer(data_dir / "nats", port=nats_port if port_is_free(nats_port) else None,
                      config=bus.config).start()
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
            children[service] = _start(service, data_dir, nats.url, bus.credentials.get(service))
        _wait_ready(services, children, data_dir)
        settings = Settings(data_dir=data_dir)
        _report(services, nats.url, bus.credential_file(OPERATOR), data_dir, operator(), sign_local_token(
            settings, subject=operator(), county=True, roles=["admin"], ttl=settings.token_policy.max_lifetime),
            password)
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


def _start(service: str, data_dir: Path, nats_url: str, credential: Credential | None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FAZHI_DATA_DIR": str(data_dir), "FAZHI_NATS_URLS": nats_url}
    if credential is not None:  # the console does not use the bus
        env |= {"FAZHI_NATS_USER": credential.user, "FAZHI_NATS_PASSWORD": credential.password}
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


def _report(services: list[str], nats_url: str, operator: Path, data_dir: Path, subject: str, token: str,
            password: str | None = None) -> None:
    table = Table("service", "URL", "API docs")
    for service in services:
        url = f"http://127.0.0.1:{Settings().port_of(service)}"
        table.add_row(service, url, "(web console)" if service == "console" else f"{url}/docs")
    table.add_row("nats", nats_url, f"operator's credentials: {operator}")
    console.print(table)
    if password:
        console.print(f"console: sign in as [bold]admin[/bold] with the one-time password [bold]{password}[/bold] "
                      "(you choose your own at first sign-in)")
    console.print(f"data and logs: {data_dir}")
    console.print(f"development admin token for {subject} (county-wide, valid for a working day; "
                  "`fazhi token --county --subject NAME` makes another):")
    print(token, flush=True)
    console.print("Ctrl-C stops everything.")
