"""The console's browser tests: the whole system as processes, and Debian's chromium driven by Playwright."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from fazhi.natsserver import NatsServer
from fazhi.settings import Settings
from tests.conftest import ROOT, ServiceProcess, free_port

CHROMIUM = os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
SERVICES = ("mediation", "disclosure", "petition", "reporting")
PASSWORD = "correct horse battery"


@dataclass
class Stack:
    """NATS, the four services and the console, each a real process, sharing one data folder."""

    data_dir: Path
    console: ServiceProcess
    services: dict[str, ServiceProcess]

    @property
    def url(self) -> str:
        return self.console.url

    def add_account(self, login: str, *, townships: list[str] = (), county: bool = False,
                    roles: list[str], name: str | None = None) -> str:
        """An account straight into the console's database (what an admin does on /admin/users/new)."""
        from services.console.accounts import AccountStore

        async def create() -> None:
            store = await AccountStore.open(Settings(service="console", data_dir=self.data_dir).database)
            try:
                await store.create(login, name or login, PASSWORD, townships=list(townships), county=county,
                                   roles=roles, must_change_password=False)
            finally:
                await store.close()

        with ThreadPoolExecutor(1) as pool:  # Playwright's sync API holds this thread's event loop
            pool.submit(asyncio.run, create()).result()
        return login


    def first_admin_password(self) -> str | None:
        """What `fazhi up` prints: the first admin's one-time password."""
        from services.console.accounts import first_admin_password

        with ThreadPoolExecutor(1) as pool:
            return pool.submit(first_admin_password, Settings(service="console", data_dir=self.data_dir)).result()


@pytest.fixture(scope="module")
def console_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    root = tmp_path_factory.mktemp("console")
    nats = NatsServer(root / "nats").start()
    data = root / "var"
    data.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    env.update({"FAZHI_DATA_DIR": str(data), "FAZHI_NATS_URLS": nats.url, "FAZHI_LOG_LEVEL": "info"})
    started: list[ServiceProcess] = []

    def start(service: str, extra: dict[str, str]) -> ServiceProcess:
        for attempt in range(3):  # a free port may be taken by another process before ours binds it
            proc = ServiceProcess(service, {**env, **extra, "FAZHI_PORT": str(free_port())},
                                  root / f"{service}-{attempt}.log")
            started.append(proc)
            try:
                return proc.start()
            except RuntimeError as err:
                if "address already in use" not in str(err):
                    raise
        raise RuntimeError(f"{service}: no free port after three tries")

    try:
        services = {service: start(service, {}) for service in SERVICES}
        urls = {f"FAZHI_{s.upper()}_URL": p.url for s, p in services.items()}
        console = start("console", urls)
        yield Stack(data, console, services)
    finally:
        for proc in reversed(started):
            proc.stop()
        nats.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM}: `apt-get install -y chromium` (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def open_page(browser, request: pytest.FixtureRequest) -> Iterator:
    """`open_page(width, height)` → a page in a fresh context (its own cookies); screenshots kept on failure."""
    contexts = []

    def make(width: int = 1366, height: int = 768):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                      timezone_id="Asia/Shanghai")
        contexts.append(context)
        return context.new_page()

    yield make
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        folder = ARTIFACTS / request.node.name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for n, context in enumerate(contexts):
        for m, page in enumerate(context.pages):
            if failed:
                page.screenshot(path=str(folder / f"page-{n}-{m}.png"), full_page=True)
        context.close()


def sign_in(page, base: str, login: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.fill("#login", login)
    page.fill("#password", password)
    page.click("button:has-text('登录')")
    page.wait_for_load_state()
