"""`/docs` and `/redoc` work on an intranet with no internet, and behind a proxy that adds a path prefix."""

from __future__ import annotations

from html.parser import HTMLParser
from importlib import import_module
from urllib.parse import urljoin, urlparse

import pytest
from fastapi.testclient import TestClient

from fazhi.settings import Settings

SERVICES = ("mediation", "disclosure", "petition", "reporting")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in {"src", "href", "spec-url"} and value]


def _urls(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.urls


@pytest.fixture(scope="module", params=SERVICES)
def client(request: pytest.FixtureRequest) -> TestClient:
    app = import_module(f"services.{request.param}.app").build(Settings(service=request.param))
    return TestClient(app)  # no lifespan: the pages need neither database nor NATS


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_pages_reference_no_external_host(client: TestClient, page: str) -> None:
    answer = client.get(page)
    assert answer.status_code == 200
    urls = _urls(answer.text)
    assert urls, "the page loads its scripts from somewhere"
    assert [u for u in urls if urlparse(u).scheme or urlparse(u).netloc] == []
    assert "cdn." not in answer.text and "fonts.googleapis" not in answer.text


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_every_asset_of_a_docs_page_is_served_by_the_service_itself(client: TestClient, page: str) -> None:
    for url in _urls(client.get(page).text):
        assert client.get(urljoin(page, url)).status_code == 200, url
    assert "openapi.json" in client.get(page).text


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_pages_work_behind_a_path_prefix(client: TestClient, page: str) -> None:
    # Relative URLs: behind `/_/mediation/` the browser asks the proxy for `/_/mediation/static/...`.
    urls = [*_urls(client.get(page).text), "openapi.json"]
    assert [u for u in urls if u.startswith("/")] == []
    for url in urls:
        assert urljoin(f"/_/proxy{page}", url).startswith("/_/proxy/")


def test_no_script_of_the_docs_asks_another_host_for_anything(client: TestClient) -> None:
    redoc = client.get("/static/docs/redoc.standalone.js")
    assert redoc.status_code == 200 and "javascript" in redoc.headers["content-type"]
    assert "cdn.redoc.ly" not in redoc.text and "static/docs/favicon.png" in redoc.text
