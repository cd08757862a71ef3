"""The guarded HTTP client against real local servers: it connects to the address it checked, keeps the name in
the Host header, and follows no redirect."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
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


def _certificate(tmp_path, name: str):
    """A self-signed certificate for `name` (not for 127.0.0.1), as files."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


async def test_https_to_the_pinned_address_still_checks_the_certificate_against_the_name(tmp_path):
    import ssl

    cert_file, key_file = _certificate(tmp_path, "hooks.county.example")
    server = Server()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    trust = ssl.create_default_context(cafile=str(cert_file))
    policy = EgressPolicy(["127.0.0.0/8"], resolving({"hooks.county.example": ["127.0.0.1"],
                                                      "other.county.example": ["127.0.0.1"]}))
    async with GuardedClient(policy, verify=trust) as http:
        response = await http.post(f"https://hooks.county.example:{server.port}/in", content=b"{}", headers={})
        assert response.status_code == 200 and server.seen[0]["Host"] == f"hooks.county.example:{server.port}"
        with pytest.raises(httpx.ConnectError):  # a name the certificate does not carry is refused
            await http.post(f"https://other.county.example:{server.port}/in", content=b"{}", headers={})
    server.shutdown()
