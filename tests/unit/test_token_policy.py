"""Specification of what a token must say: its issuer, its audience, a real subject and a capped lifetime."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from joserfc import jwt

from fazhi.auth import ALGORITHM, TokenPolicy, TokenVerifier, issue_token, load_or_create_signing_key, public_jwks
from fazhi.errors import Unauthenticated
from fazhi.settings import Settings


@pytest.fixture
def key(tmp_path: Path):
    return load_or_create_signing_key(tmp_path / "keys" / "signing-key.json")


def _raw(key, **claims) -> str:
    now = int(datetime.now(UTC).timestamp())
    body = {"iss": "fazhi-local", "aud": "fazhi", "sub": "clerk", "roles": [], "townships": ["houtai"],
            "iat": now, "exp": now + 3600} | claims
    return jwt.encode({"alg": ALGORITHM, "kid": key.kid}, {k: v for k, v in body.items() if v is not None}, key)


@pytest.mark.parametrize("claims", [{"iss": None}, {"iss": "someone-else"}, {"aud": None}, {"aud": "other-app"},
                                    {"aud": ["other-app", "more"]}])
def test_a_token_without_our_issuer_and_audience_is_refused(key, claims) -> None:
    verifier = TokenVerifier.from_jwks(public_jwks(key))
    with pytest.raises(Unauthenticated, match="token rejected"):
        verifier.verify(_raw(key, **claims))


def test_an_audience_list_naming_us_is_accepted(key) -> None:
    verifier = TokenVerifier.from_jwks(public_jwks(key))
    assert verifier.verify(_raw(key, aud=["reporting-portal", "fazhi"])).subject == "clerk"


def test_a_ten_year_token_is_refused(key) -> None:
    verifier = TokenVerifier.from_jwks(public_jwks(key))
    token = issue_token(key, subject="clerk", townships=["houtai"], roles=["admin"], ttl=timedelta(days=3650))
    with pytest.raises(Unauthenticated, match="longer than the 12 hours allowed"):
        verifier.verify(token)


def test_a_person_gets_twelve_hours_and_a_named_service_account_its_own_cap(key) -> None:
    policy = TokenPolicy(service_accounts={"county-sync": timedelta(days=7)})
    verifier = TokenVerifier.from_jwks(public_jwks(key), policy)
    day = timedelta(hours=12)
    assert verifier.verify(issue_token(key, subject="clerk", townships=["houtai"], roles=[], ttl=day))
    with pytest.raises(Unauthenticated):
        verifier.verify(issue_token(key, subject="clerk", townships=["houtai"], roles=[], ttl=day + timedelta(hours=1)))
    week = issue_token(key, subject="county-sync", county=True, roles=[], ttl=timedelta(days=7))
    assert verifier.verify(week).subject == "county-sync"


@pytest.mark.parametrize("subject", ["", "   "])
def test_a_token_must_name_a_subject(key, subject) -> None:
    verifier = TokenVerifier.from_jwks(public_jwks(key))
    with pytest.raises(ValueError, match="subject"):
        issue_token(key, subject=subject, townships=["houtai"], roles=[])
    with pytest.raises(Unauthenticated):
        verifier.verify(_raw(key, sub=subject))


def test_a_token_without_issued_at_is_refused(key) -> None:
    verifier = TokenVerifier.from_jwks(public_jwks(key))
    with pytest.raises(Unauthenticated):
        verifier.verify(_raw(key, iat=None))


def test_the_policy_comes_from_settings() -> None:
    settings = Settings(jwt_issuer="https://idp.county.example", jwt_audience="fazhi-prod", token_max_hours=8,
                        service_accounts={"county-sync": 72})
    policy = settings.token_policy
    assert (policy.issuer, policy.audience, policy.max_lifetime) == ("https://idp.county.example", "fazhi-prod",
                                                                   timedelta(hours=8))
    assert policy.lifetime_cap("county-sync") == timedelta(hours=72) and policy.lifetime_cap("x") == timedelta(hours=8)


def test_a_token_for_the_configured_issuer_and_audience_verifies(key) -> None:
    policy = Settings(jwt_issuer="https://idp.county.example", jwt_audience="fazhi-prod").token_policy
    verifier = TokenVerifier.from_jwks(public_jwks(key), policy)
    token = issue_token(key, subject="clerk", townships=["houtai"], roles=[], issuer=policy.issuer,
                        audience=policy.audience)
    assert verifier.verify(token).subject == "clerk"
    with pytest.raises(Unauthenticated):
        verifier.verify(issue_token(key, subject="clerk", townships=["houtai"], roles=[]))  # the local defaults
