"""The service image: one for every service, a non-root user, a read-only root filesystem."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.engines import docker_missing

pytestmark = [pytest.mark.skipif(docker_missing() is not None, reason=f"container test: {docker_missing()}"),
              pytest.mark.timeout(1800)]  # the first run on a machine builds the images (minutes)


def docker(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=120)


def test_the_service_image_runs_as_a_user_without_privileges_and_writes_only_its_data_volume(local_images):
    [config] = json.loads(docker("image", "inspect", "fazhi:latest").stdout)
    assert config["Config"]["User"] == "10001"
    assert config["Config"]["Entrypoint"] == ["fazhi", "serve"]
    assert "/var/lib/fazhi" in config["Config"]["Volumes"]
    probe = ("import os, pathlib; print(os.getuid());"
             "pathlib.Path('/var/lib/fazhi/ok').write_text('x');"
             "pathlib.Path('/opt/fazhi/nope').write_text('x')")
    run = docker("run", "--rm", "--read-only", "--network", "none", "--entrypoint", "python", "fazhi:latest",
                 "-c", probe)
    assert run.stdout.strip() == "10001"  # and the data volume took the write
    assert "Read-only file system: '/opt/fazhi/nope'" in run.stderr
    version = docker("run", "--rm", "--read-only", "--network", "none", "--entrypoint", "python", "fazhi:latest",
                     "-c", "import fazhi.cli, services.petition.app, sys; print(sys.version_info[:2])")
    assert version.returncode == 0, version.stderr
    print(f"fazhi:latest: {local_images['size_mb']} MB, built (or reused) in {local_images['build_seconds']} s")
    assert local_images["size_mb"] < 600
