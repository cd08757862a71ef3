"""Specification of bearer-token auth: keys, issue/verify, and the township-scoped dependency."""

from __future__ import annotations

import base64
import json
import stat
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from fazhi.auth import (
    Principal,
    Role,
    TokenVerifier,
    issue_token,
    load_or_create_signing_key,
    public_jwks,
    require,
    require_county,
)
from fazhi.errors import Unauthenticated
from fazhi.problems import install_problem_handlers


@pytest.fixture
def key(tmp_path: Path):
    return load_or_create_signing_key(tmp_path / "keys" / "signing.jwk.json")


@pytest.fixture
def verifier(key) -> TokenVerifier:
    return TokenVerifier.from_jwks(public_jwks(key))


def test_signing_key_is_created_once_with_owner_only_permissions_and_a_kid(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "signing.jwk.json"
    first = load_or_create_signing_key(path)
    again = load_or_create_signing_key(path)
    assert first.kid and again.kid == first.kid
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["d"]  # the private part is stored
    assert list(path.parent.iterdir()) == [path]  # no temp file left behind


def test_public_jwks_carries_no_private_part(key) -> None:
    (jwk,) = public_jwks(key)["keys"]
    assert "d" not in jwk and jwk["kid"] == key.kid and jwk["alg"] == "ES256"


def test_issued_token_verifies_to_the_principal_it_names(key, verifier) -> None:
    token = issue_token(key, subject="u-1", townships=["T01", "T02"], roles=[Role.MEDIATOR])
    assert verifier.verify(token) == Principal("u-1", frozenset({"T01", "T02"}), False, frozenset({"mediator"}))


def test_county_token_verifies_as_county_wide(key, verifier) -> None:
    principal = verifier.verify(issue_token(key, subject="c-1", county=True, roles=[Role.COUNTY_SUPERVISOR]))
    assert principal.county and principal.can_act_in("ANY")


def test_admin_holds_every_role() -> None:
    admin = Principal("a", frozenset(), True, frozenset({"admin"}))
    assert admin.has_role(Role.PETITION_OFFICER) and not Principal("b", frozenset(), True, frozenset()).has_role("x")


def test_expired_token_is_refused_saying_when_it_expired(key, verifier) -> None:
    issued = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
    token = issue_token(key, subject="u-1", townships=["T01"], roles=[], ttl=timedelta(hours=1), now=issued)
    with pytest.raises(Unauthenticated, match=r"token expired at 2024-01-01T09:00:00\+00:00"):
        verifier.verify(token)


def test_a_verified_token_is_not_checked_again_until_it_expires(key, verifier, monkeypatch) -> None:
    token = issue_token(key, subject="u-1", townships=["T01"], roles=["mediator"], ttl=timedelta(minutes=5))
    first = verifier.verify(token)
    checked = verifier._decode
    monkeypatch.setattr(verifier, "_decode", lambda _: pytest.fail("a remembered token was checked again"))
    assert verifier.verify(token) == first
    later = time.time() + 5 * 60 + 61  # past its expiry and the clock leeway
    monkeypatch.setattr(verifier, "_decode", checked)
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(Unauthenticated, match="token expired"):
        verifier.verify(token)


def test_token_signed_by_another_key_is_refused(key, tmp_path: Path) -> None:
    other = load_or_create_signing_key(tmp_path / "other.json")
    token = issue_token(other, subject="u-1", townships=["T01"], roles=[])
    with pytest.raises(Unauthenticated, match="unknown key"):
        TokenVerifier.from_jwks(public_jwks(key)).verify(token)


def test_tampered_payload_is_refused(key, verifier) -> None:
    header, _, signature = issue_token(key, subject="u-1", townships=["T01"], roles=[]).split(".")
    forged = {"sub": "u-1", "county": True, "roles": ["admin"], "iat": 0, "exp": 4102444800}
    payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    with pytest.raises(Unauthenticated, match="bad signature"):
        verifier.verify(f"{header}.{payload}.{signature}")


@pytest.mark.parametrize("token", ["", "not-a-token", "a.b.c"])
def test_malformed_token_is_refused(verifier, token: str) -> None:
    with pytest.raises(Unauthenticated, match="malformed"):
        verifier.verify(token)


def test_token_missing_claims_is_refused(key, verifier) -> None:
    from joserfc import jwt

    token = jwt.encode({"alg": "ES256", "kid": key.kid}, {"sub": "u-1", "exp": 4102444800, "iat": 0}, key)
    with pytest.raises(Unauthenticated, match="roles"):
        verifier.verify(token)


def test_verifier_from_a_private_key_file_uses_its_public_part(key, tmp_path: Path) -> None:
    verifier = TokenVerifier.from_file(tmp_path / "keys" / "signing.jwk.json")
    assert verifier.verify(issue_token(key, subject="u-1", townships=["T01"], roles=[])).subject == "u-1"


def test_verifier_from_a_jwks_file(key, tmp_path: Path) -> None:
    (tmp_path / "jwks.json").write_text(json.dumps(public_jwks(key)))
    verifier = TokenVerifier.from_file(tmp_path / "jwks.json")
    assert verifier.verify(issue_token(key, subject="u-1", townships=["T01"], roles=[])).subject == "u-1"


def test_url_verifier_refetches_for_an_unknown_kid_at_most_every_five_minutes(key, tmp_path: Path) -> None:
    rotated = load_or_create_signing_key(tmp_path / "rotated.json")
    served, fetches, now = [public_jwks(key)], [], [0.0]

    def idp(request: httpx.Request) -> httpx.Response:
        fetches.append(request.url)
        return httpx.Response(200, json=served[0])

    client = httpx.Client(transport=httpx.MockTransport(idp))
    verifier = TokenVerifier.from_url("https://idp.example/jwks", client=client, clock=lambda: now[0])
    assert verifier.verify(issue_token(key, subject="u-1", townships=["T01"], roles=[])).subject == "u-1"
    served[0] = {"keys": public_jwks(key)["keys"] + public_jwks(rotated)["keys"]}
    new_token = issue_token(rotated, subject="u-2", townships=["T01"], roles=[])
    with pytest.raises(Unauthenticated, match="unknown key"):
        verifier.verify(new_token)  # fetched moments ago: not refetched yet
    now[0] = 301.0
    assert verifier.verify(new_token).subject == "u-2"
    assert len(fetches) == 2


@pytest.fixture
def client(verifier) -> TestClient:
    app = FastAPI()
    app.state.verifier = verifier
    install_problem_handlers(app)

    @app.get("/v1/townships/{township}/cases")
    def cases(principal: Annotated[Principal, Depends(require(Role.MEDIATOR, Role.MEDIATION_OFFICER))]) -> dict:
        return {"subject": principal.subject}

    @app.get("/v1/county/overview")
    def overview(principal: Annotated[Principal, Depends(require_county())]) -> dict:
        return {"subject": principal.subject}

    return TestClient(app)


def _bearer(key, **claims) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(key, subject='u-1', **claims)}"}


def test_missing_token_is_a_401_problem_asking_for_a_bearer_token(client) -> None:
    response = client.get("/v1/townships/T01/cases")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["type"].endswith("/unauthenticated")


def test_token_for_another_township_is_a_403_naming_the_township_field(client, key) -> None:
    response = client.get("/v1/townships/T02/cases", headers=_bearer(key, townships=["T01"], roles=["mediator"]))
    assert response.status_code == 403 and response.json()["field"] == "township"


def test_county_token_passes_any_township(client, key) -> None:
    response = client.get("/v1/townships/T99/cases", headers=_bearer(key, county=True, roles=["mediation_officer"]))
    assert response.status_code == 200


def test_missing_role_is_a_403(client, key) -> None:
    response = client.get("/v1/townships/T01/cases", headers=_bearer(key, townships=["T01"], roles=["reporter"]))
    assert response.status_code == 403 and "mediator" in response.json()["detail"]


def test_right_role_in_own_township_is_admitted(client, key) -> None:
    response = client.get("/v1/townships/T01/cases", headers=_bearer(key, townships=["T01"], roles=["mediator"]))
    assert response.status_code == 200 and response.json() == {"subject": "u-1"}


def test_county_routes_refuse_township_tokens(client, key) -> None:
    assert client.get("/v1/county/overview", headers=_bearer(key, townships=["T01"], roles=[])).status_code == 403
    assert client.get("/v1/county/overview", headers=_bearer(key, county=True, roles=[])).status_code == 200


def test_openapi_shows_the_bearer_scheme(client) -> None:
    schemes = client.get("/openapi.json").json()["components"]["securitySchemes"]
    assert schemes["HTTPBearer"] == {"type": "http", "scheme": "bearer"}
