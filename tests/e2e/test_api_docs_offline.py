"""`/docs` and `/redoc` of a real process render in a browser that may reach nothing but the service."""

from __future__ import annotations

import shutil
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs a chromium (apt-get install -y chromium)")


@pytest.fixture
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def _offline_page(browser, service_url: str, refused: list[str]):
    """A page whose every request to another host fails, as on a county intranet."""
    page = browser.new_page()
    ours = urlparse(service_url).netloc

    def route(r) -> None:
        if urlparse(r.request.url).netloc == ours or r.request.url.startswith("data:"):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return page


@pytest.mark.parametrize(("page_path", "operation"), [
    ("/docs", ".opblock-summary:has-text('登记矛盾纠纷')"),  # Swagger UI's row of the operation
    ("/redoc", "h2:has-text('登记矛盾纠纷')"),  # ReDoc's heading of the operation
])
def test_the_docs_render_with_no_internet(start_service, browser, page_path: str, operation: str):
    service = start_service("mediation")
    refused: list[str] = []
    page = _offline_page(browser, service.url, refused)
    page.goto(service.url + page_path)
    page.locator(operation).first.wait_for(state="visible", timeout=30_000)
    assert refused == []
