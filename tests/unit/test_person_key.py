"""The petition person key: configured for production, made once under the data dir when embedded."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from fazhi.settings import Settings
from services.petition.person_key import load_person_key

KEY = "Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC1rZXktIQ=="  # 44 characters, like `openssl rand -base64 32`


@pytest.fixture(autouse=True)
def no_key_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAZHI_PERSON_KEY", raising=False)


def test_a_configured_key_is_used_as_given_without_a_trailing_newline(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, person_key=KEY + "\n")
    assert load_person_key(settings) == KEY.encode()
    assert not settings.person_key_path.exists()  # nothing written when the operator gives the key


def test_a_configured_key_from_the_environment_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAZHI_PERSON_KEY", KEY)
    assert load_person_key(Settings(data_dir=tmp_path)) == KEY.encode()


def test_a_short_configured_key_is_refused_at_start_naming_the_variable_but_not_the_key() -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(person_key="secret-but-short")
    assert "FAZHI_PERSON_KEY" in str(refused.value) and "at least 32" in str(refused.value)
    assert "secret-but-short" not in str(refused.value)


def test_without_a_configured_key_one_is_made_once_with_owner_only_access(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    first, again = load_person_key(settings), load_person_key(Settings(data_dir=tmp_path))
    assert first == again and len(first) >= 32
    assert stat.S_IMODE(settings.person_key_path.stat().st_mode) == 0o600
    assert list(settings.person_key_path.parent.iterdir()) == [settings.person_key_path]  # no temp file left


def test_each_installation_makes_its_own_key(tmp_path: Path) -> None:
    assert load_person_key(Settings(data_dir=tmp_path / "a")) != load_person_key(Settings(data_dir=tmp_path / "b"))


def test_a_short_key_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    settings.person_key_path.parent.mkdir(parents=True)
    settings.person_key_path.write_text("short\n")
    with pytest.raises(ValueError, match="person-key is 5 characters long"):
        load_person_key(settings)
