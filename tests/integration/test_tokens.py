"""Tokens at the edge: a running service refuses long-lived and foreign tokens; `fazhi token` names its subject."""

from __future__ import annotations

import getpass
from datetime import timedelta
from pathlib import Path

from joserfc import jwt
from typer.testing import CliRunner

from fazhi.auth import TokenVerifier, issue_token, load_or_create_signing_key
from fazhi.cli import app as cli
from fazhi.settings import Settings


def test_a_service_refuses_a_ten_year_token_and_one_from_another_issuer(api_for) -> None:
    api = api_for("mediation")
    ten_years = issue_token(api.key, subject="clerk", townships=["houtai"], roles=["admin"], ttl=timedelta(days=3650))
    foreign = issue_token(api.key, subject="clerk", townships=["houtai"], roles=["admin"], issuer="elsewhere")
    for token in (ten_years, foreign):
        response = api.client.get("/v1/townships/houtai/disputes", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, response.text
        assert response.headers["content-type"] == "application/problem+json"
    assert api.client.get("/v1/townships/houtai/disputes", headers=api.headers("houtai")).status_code == 200


def _verify(data_dir: Path, token: str):
    settings = Settings(data_dir=data_dir)
    return TokenVerifier.from_file(settings.signing_key_path, settings.token_policy).verify(token)


def test_fazhi_token_names_the_operator_when_no_subject_is_given(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["token", "--township", "houtai", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert _verify(tmp_path, result.output.strip()).subject == getpass.getuser()
    named = CliRunner().invoke(cli, ["token", "--county", "--subject", "王主任", "--data-dir", str(tmp_path)])
    assert _verify(tmp_path, named.output.strip()).subject == "王主任"
    key = load_or_create_signing_key(Settings(data_dir=tmp_path).signing_key_path)
    claims = jwt.decode(named.output.strip(), key).claims
    assert (claims["iss"], claims["aud"], claims["exp"] - claims["iat"]) == ("fazhi-local", "fazhi", 12 * 3600)


def test_fazhi_token_says_its_default_subject_in_help() -> None:
    result = CliRunner().invoke(cli, ["token", "--help"], env={"COLUMNS": "200"})
    assert "default: your login name" in result.output


def test_fazhi_token_refuses_a_lifetime_over_the_cap_except_for_a_named_service_account(tmp_path: Path) -> None:
    args = ["token", "--county", "--hours", "48", "--data-dir", str(tmp_path)]
    refused = CliRunner().invoke(cli, [*args, "--subject", "clerk"], env={"COLUMNS": "200"})
    assert refused.exit_code != 0 and "at most 12 hours" in refused.output
    env = {"FAZHI_SERVICE_ACCOUNTS": '{"county-sync": 168}'}
    allowed = CliRunner().invoke(cli, [*args, "--subject", "county-sync"], env=env)
    assert allowed.exit_code == 0, allowed.output
    blank = CliRunner().invoke(cli, ["token", "--county", "--subject", " ", "--data-dir", str(tmp_path)])
    assert blank.exit_code != 0
