"""The images every container test uses, built (or reused) once per session by deploy/local-images.sh."""

from __future__ import annotations

import subprocess
import time

import pytest

from tests.conftest import ROOT
from tests.engines import docker_missing

BUILT: list[str] = []  # what deploy/local-images.sh did, for the summary


@pytest.fixture(scope="session")
def local_images() -> dict[str, float]:
    """Builds what is missing; the service image from Docker's layer cache when the code is unchanged.
    Returns the service image's build time (s) and size (MB)."""
    if reason := docker_missing():
        pytest.skip(reason)
    started = time.monotonic()
    run = subprocess.run(["bash", "deploy/local-images.sh"], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    size = int(subprocess.run(["docker", "image", "inspect", "-f", "{{.Size}}", "fazhi:latest"],
                              capture_output=True, text=True, check=True).stdout)
    figures = {"build_seconds": round(time.monotonic() - started, 1), "size_mb": size // 1_000_000}
    BUILT.extend(line for line in run.stderr.splitlines() if line.startswith("local-images:"))
    BUILT.append(f"images ready in {figures['build_seconds']} s; fazhi:latest is {figures['size_mb']} MB")
    return figures


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    for line in BUILT:
        terminalreporter.write_line(line)
