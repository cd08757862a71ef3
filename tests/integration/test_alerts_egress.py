"""The guarded HTTP client against real local servers: it connects to the address it checked, keeps the name in
the Host header, and follows no redirect."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from services.reporting.alerts.delivery.egress import DestinationRefused, EgressPolicy, GuardedClient


class Server(ThreadingHTTPServer):
    def __init__(self, status: int = 200, location: str | None = None) -> None:
        self.seen: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                server.seen.append(dict(self.headers))
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return self.server_address[1]


def resolving(table: dict[str, list[str]]):
    async def resolve(host: str, port: int) -> list[str]:
        return table[host]
    return resolve


async def test_the_request_goes_to_the_checked_address_under_its_name():
    server = Server()
    policy = EgressPolicy(["127.0.0.0/8"], resolving({"hooks.county.example": ["127.0.0.1"]}))
    async with GuardedClient(policy) as http:
        response = await http.post(f"http://hooks.county.example:{server.port}/in", content=b"{}", headers={})
    assert response.status_code == 200
    assert server.seen[0]["Host"] == f"hooks.county.example:{server.port}"
    server.shutdown()


async def test_a_redirect_is_not_followed_even_to_an_allowed_place():
    target = Server()
    redirecting = Server(status=307, location=f"http://127.0.0.1:{target.port}/inside")
    async with GuardedClient(EgressPolicy(["127.0.0.1"])) as http:
        response = await http.post(f"http://127.0.0.1:{redirecting.port}/", content=b"{}", headers={})
    assert response.status_code == 307 and not response.is_success  # counted as not taken
    assert len(redirecting.seen) == 1 and target.seen == []
    redirecting.shutdown()
    target.shutdown()


async def test_a_name_that_resolves_inside_at_send_time_is_never_connected_to():
    server = Server()
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    policy = EgressPolicy(resolver=rebinding)
    await policy.check(f"http://rebind.example:{server.port}/")  # registration saw a public address
    async with GuardedClient(policy) as http:
        with pytest.raises(DestinationRefused):
            await http.post(f"http://rebind.example:{server.port}/", content=b"{}", headers={})
    assert server.seen == []
    server.shutdown()
