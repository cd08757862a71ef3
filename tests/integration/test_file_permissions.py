"""Files a service writes are its owner's alone: the data directory 0700, databases and keys 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from fazhi.keyfiles import private_directory


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask():
    """The usual umask, under which files would be created world-readable."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_service_creates_its_sqlite_files_keys_and_data_directory_owner_only(tmp_path: Path, api_for,
                                                                               database_url) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite files only")
    api = api_for("petition")
    assert api.client.get("/v1/townships/houtai/petitions", headers=api.headers("houtai")).status_code == 200
    data = tmp_path / "var"
    assert mode(data) == 0o700 and mode(data / "keys") == 0o700
    assert mode(data / "keys" / "signing-key.json") == 0o600
    assert mode(data / "keys" / "person-key") == 0o600
    database = tmp_path / "store.db"
    assert mode(database) == 0o600
    for companion in (tmp_path / "store.db-wal", tmp_path / "store.db-shm"):
        if companion.exists():
            assert mode(companion) == 0o600, companion


def test_the_default_database_in_the_data_directory_is_owner_only(tmp_path: Path, nats_server) -> None:
    from fastapi.testclient import TestClient

    from fazhi.settings import Settings
    from services.mediation.app import build

    settings = Settings(service="mediation", data_dir=tmp_path / "data", nats_urls=nats_server.url)
    with TestClient(build(settings)) as client:
        assert client.get("/healthz").status_code == 200
    assert mode(tmp_path / "data") == 0o700
    assert mode(tmp_path / "data" / "mediation.db") == 0o600


def test_a_data_directory_made_by_hand_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "var"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    private_directory(data)
    assert mode(data) == 0o700
    private_directory(tmp_path / "new" / "deeper")
    assert mode(tmp_path / "new") == 0o700 and mode(tmp_path / "new" / "deeper") == 0o700
