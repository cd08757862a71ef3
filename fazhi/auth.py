"""Bearer JWT auth: signing keys, token issue and verification, and the FastAPI scope dependency.

Tokens carry `sub`, `townships` (list) or `county: true`, `roles`, `iat`, `exp`, `iss`, `aud`; ES256 only.
A token is refused unless its issuer and audience are the configured ones and its lifetime
(`exp - iat`) is within the cap: 12 hours for people, longer only for named service accounts.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

import httpx
import structlog
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from joserfc import jwt
from joserfc.errors import ClaimError, ExpiredTokenError, InvalidKeyIdError, JoseError
from joserfc.jwk import ECKey, KeySet

from fazhi.bodies import strict_body
from fazhi.errors import NotPermitted, Unauthenticated
from fazhi.keyfiles import create_once

LOCAL_ISSUER = "fazhi-local"
LOCAL_AUDIENCE = "fazhi"
MAX_LIFETIME = timedelta(hours=12)  # a person's token: one working day, then they sign in again
ALGORITHM = "ES256"
JWKS_REFETCH_SECONDS = 300
CLOCK_LEEWAY_SECONDS = 60  # clocks of the identity provider and this host may differ this much
VERIFIED_KEPT = 4096  # verified tokens remembered (all forgotten at once when full)
_log = structlog.get_logger()
_JOSE_REASONS = {"bad_signature": "bad signature", "unsupported_algorithm": f"only {ALGORITHM} tokens are accepted"}


class Role(StrEnum):
    """The role names Fazhi tokens carry."""

    ADMIN = "admin"  # every role, everywhere the token's scope reaches
    MEDIATOR = "mediator"  # village mediator or clerk (人民调解员) recording cases and sessions
    MEDIATION_OFFICER = "mediation_officer"  # township mediation desk officer
    DISCLOSURE_OFFICER = "disclosure_officer"  # township desk for information disclosure (政务公开) requests
    PETITION_OFFICER = "petition_officer"  # township petition desk (信访)
    LEADER = "leader"  # township leader: sign-offs, escalations, reception days (接访)
    COUNTY_SUPERVISOR = "county_supervisor"  # county oversight (县司法局, 县政法委, 县信访局)
    COUNTY_AUDITOR = "county_auditor"  # reads and exports the access log of who saw full personal data
    ALERT_SUBSCRIBER = "alert_subscriber"  # on-call leader or county system receiving alerts
    REPORTER = "reporter"  # renders the annual rule-of-law reports


ROLE_LABELS = {
    Role.ADMIN: "系统管理员", Role.MEDIATOR: "人民调解员", Role.MEDIATION_OFFICER: "乡镇调解工作人员",
    Role.DISCLOSURE_OFFICER: "政务公开工作人员", Role.PETITION_OFFICER: "信访工作人员", Role.LEADER: "乡镇领导",
    Role.COUNTY_SUPERVISOR: "县级监管", Role.ALERT_SUBSCRIBER: "预警接收人", Role.REPORTER: "报告编制人",
    Role.COUNTY_AUDITOR: "县级审计（个人信息查看记录）",
}


@dataclass(frozen=True)
class TokenPolicy:
    """What a token must say to be accepted: who issued it, for whom, and how long it may live.

    `service_accounts` maps the subjects of named service accounts to their own longer cap;
    every other subject is a person, capped at `max_lifetime`."""

    issuer: str = LOCAL_ISSUER
    audience: str = LOCAL_AUDIENCE
    max_lifetime: timedelta = MAX_LIFETIME
    service_accounts: Mapping[str, timedelta] = field(default_factory=dict)

    def lifetime_cap(self, subject: str) -> timedelta:
        """The longest lifetime a token for `subject` may have."""
        return self.service_accounts.get(subject, self.max_lifetime)


@dataclass(frozen=True)
class Principal:
    """Who is calling, and where and as what they may act."""

    subject: str
    townships: frozenset[str]
    county: bool
    roles: frozenset[str]

    def can_act_in(self, township: str) -> bool:
        """True when the township is in the token's scope or the token is county-wide."""
        return self.county or township in self.townships

    def has_role(self, role: str) -> bool:
        """True when the principal holds `role`; admins hold every role."""
        return Role.ADMIN in self.roles or role in self.roles


def load_or_create_signing_key(path: Path) -> ECKey:
    """Load the local P-256 private JWK at `path`, creating it (mode 0600, with a `kid`) on first use."""
    if not path.exists():
        _create_key_file(path)
    key = ECKey.import_key(json.loads(path.read_text()))
    if not key.is_private:
        raise ValueError(f"{path} holds a public key; a private signing key is needed")
    return key


def _create_key_file(path: Path) -> None:
    key = ECKey.generate_key("P-256", auto_kid=True)
    create_once(path, json.dumps(key.as_dict(private=True)))


def public_jwks(key: ECKey) -> dict[str, Any]:
    """The public JWKS document for `key`, as served to verifiers."""
    return {"keys": [key.as_dict(private=False, alg=ALGORITHM, use="sig")]}


def issue_token(
    key: ECKey,
    *,
    subject: str,
    townships: list[str] | tuple[str, ...] = (),
    county: bool = False,
    roles: list[str],
    ttl: timedelta = MAX_LIFETIME,
    now: datetime | None = None,
    issuer: str = LOCAL_ISSUER,
    audience: str = LOCAL_AUDIENCE,
) -> str:
    """Sign an ES256 token for `subject`, scoped to `townships` or, with `county=True`, county-wide."""
    if not subject.strip():
        raise ValueError("a token must name its subject: the person or service account that acts with it")
    issued = now or datetime.now(UTC)
    claims: dict[str, Any] = {"iss": issuer, "aud": audience, "sub": subject, "roles": list(roles)}
    claims["iat"], claims["exp"] = int(issued.timestamp()), int((issued + ttl).timestamp())
    if townships or not county:
        claims["townships"] = list(townships)
    if county:
        claims["county"] = True
    return jwt.encode({"alg": ALGORITHM, "kid": key.kid}, claims, key)


class TokenVerifier:
    """Verifies bearer tokens against a key set and turns them into a `Principal`."""

    def __init__(self, keys: Callable[[], KeySet], *, refresh: Callable[[], bool] | None = None,
                 policy: TokenPolicy | None = None) -> None:
        # `refresh` reloads the key set and says whether it may have changed (remote sets only)
        self._keys = keys
        self._refresh = refresh
        self.policy = policy or TokenPolicy()
        self._verified: dict[str, tuple[Principal, float]] = {}  # token → its principal, and until when

    @classmethod
    def from_jwks(cls, jwks: dict[str, Any], policy: TokenPolicy | None = None) -> TokenVerifier:
        """A verifier for a fixed JWKS document (private members, if any, are dropped)."""
        public = KeySet.import_key_set(jwks).as_dict(private=False)
        key_set = KeySet.import_key_set(public)
        return cls(lambda: key_set, policy=policy)

    @classmethod
    def from_file(cls, path: Path, policy: TokenPolicy | None = None) -> TokenVerifier:
        """A verifier for a JWKS file or a single (private or public) JWK file."""
        document = json.loads(Path(path).read_text())
        return cls.from_jwks(document if "keys" in document else {"keys": [document]}, policy)

    @classmethod
    def from_url(
        cls, url: str, *, client: httpx.Client | None = None, clock: Callable[[], float] = time.monotonic,
        policy: TokenPolicy | None = None,
    ) -> TokenVerifier:
        """A verifier for the identity provider's JWKS at `url`, refetched on an unknown `kid`."""
        remote = _RemoteKeySet(url, client or httpx.Client(timeout=10), clock)
        return cls(remote.current, refresh=remote.refresh, policy=policy)

    def verify(self, token: str) -> Principal:
        """The principal a valid token names; raises `Unauthenticated` saying why otherwise.

        A token verified before is taken from memory until it expires: a clerk's client sends the
        same token with every request, and checking its signature each time costs more than the rest
        of the request's authorization. (So a key the identity provider withdraws stops tokens not
        seen yet at once, and those already seen when they expire.)"""
        known = self._verified.get(token)
        if known is not None and time.time() <= known[1]:
            return known[0]
        try:
            decoded = self._decode(token)
        except InvalidKeyIdError as err:
            raise Unauthenticated("token was signed by an unknown key") from err
        except JoseError as err:
            reason = _JOSE_REASONS.get(err.error, "malformed token")
            raise Unauthenticated(f"token rejected: {reason}") from err
        principal = _principal(decoded.claims, self.policy)
        if len(self._verified) >= VERIFIED_KEPT:
            self._verified.clear()
        self._verified[token] = (principal, decoded.claims["exp"] + CLOCK_LEEWAY_SECONDS)
        return principal

    async def verify_async(self, token: str) -> Principal:
        """`verify` on the event loop, except where it may fetch the identity provider's key set."""
        if self._refresh is not None and token not in self._verified:
            return await asyncio.to_thread(self.verify, token)
        return self.verify(token)

    def _decode(self, token: str) -> jwt.Token:
        try:
            return jwt.decode(token, self._keys(), algorithms=[ALGORITHM])
        except InvalidKeyIdError:
            if self._refresh is None or not self._refresh():
                raise
            return jwt.decode(token, self._keys(), algorithms=[ALGORITHM])


class _RemoteKeySet:
    """A JWKS fetched over HTTP, cached, and refetched at most every `JWKS_REFETCH_SECONDS`."""

    def __init__(self, url: str, client: httpx.Client, clock: Callable[[], float]) -> None:
        self._url, self._client, self._clock = url, client, clock
        self._keys: KeySet | None = None
        self._fetched_at: float | None = None
        self._lock = threading.Lock()  # verifications that may fetch run in threads

    def current(self) -> KeySet:
        if self._keys is None:
            self.refresh()
        if self._keys is None:
            raise Unauthenticated("the identity provider's key set is unavailable")
        return self._keys

    def refresh(self) -> bool:
        with self._lock:
            now = self._clock()
            if self._fetched_at is not None and now - self._fetched_at < JWKS_REFETCH_SECONDS:
                return False
            self._fetched_at = now  # failures count too, so an outage is not hammered
            try:
                response = self._client.get(self._url)
                response.raise_for_status()
                self._keys = KeySet.import_key_set(response.json())
            except (httpx.HTTPError, ValueError, JoseError) as err:
                _log.warning("jwks_fetch_failed", url=self._url, error=str(err))
                return False
            return True


def _required_claims(policy: TokenPolicy) -> jwt.JWTClaimsRegistry:
    return jwt.JWTClaimsRegistry(
        leeway=CLOCK_LEEWAY_SECONDS, sub={"essential": True}, exp={"essential": True}, iat={"essential": True},
        roles={"essential": True, "allow_blank": True},
        iss={"essential": True, "value": policy.issuer}, aud={"essential": True, "value": policy.audience},
    )


def _principal(claims: dict[str, Any], policy: TokenPolicy) -> Principal:
    try:
        _required_claims(policy).validate(claims)
    except ExpiredTokenError as err:
        raise Unauthenticated(f"token expired at {datetime.fromtimestamp(claims['exp'], UTC).isoformat()}") from err
    except ClaimError as err:
        raise Unauthenticated(f"token rejected: {err.description}") from err
    subject = claims["sub"]
    if not isinstance(subject, str) or not subject.strip():
        raise Unauthenticated("token rejected: it names no subject")
    _check_lifetime(claims, policy.lifetime_cap(subject))
    townships, county, roles = claims.get("townships", []), claims.get("county", False), claims["roles"]
    if "townships" not in claims and county is not True:
        raise Unauthenticated("token rejected: it names neither townships nor county")
    if not _strings(townships) or not _strings(roles) or not isinstance(county, bool):
        raise Unauthenticated("token rejected: townships and roles must be lists of strings, county a boolean")
    return Principal(subject, frozenset(townships), county, frozenset(roles))


def _check_lifetime(claims: dict[str, Any], cap: timedelta) -> None:
    issued, expires = claims["iat"], claims["exp"]
    if not isinstance(issued, int | float) or not isinstance(expires, int | float) or isinstance(issued, bool):
        raise Unauthenticated("token rejected: iat and exp must be numbers")
    if expires - issued > cap.total_seconds():
        hours = cap.total_seconds() / 3600
        raise Unauthenticated(f"token rejected: it is valid for longer than the {hours:g} hours allowed")


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


_bearer = HTTPBearer(auto_error=False)  # not auto: a missing token must be our problem+json 401


def _guard(scope_check: Callable[[Principal, Request], None], roles: tuple[str, ...]) -> Callable[..., Principal]:
    # async: a plain `def` would run in the thread pool, a hop there and back on every request
    async def dependency(request: Request,
                         credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> Principal:
        if credentials is None:
            raise Unauthenticated("a bearer token is required")
        principal = await request.app.state.verifier.verify_async(credentials.credentials)
        scope_check(principal, request)
        if roles and not any(principal.has_role(role) for role in roles):
            raise NotPermitted(f"this needs one of the roles: {', '.join(roles)}")
        await strict_body(request)  # the body is judged once its sender is admitted
        return principal

    return dependency


def _township_in_scope(principal: Principal, request: Request) -> None:
    township = request.path_params.get("township")
    if township is not None and not principal.can_act_in(township):
        raise NotPermitted(f"your token does not cover township {township}", field="township")


def _county_wide(principal: Principal, request: Request) -> None:
    if not principal.county:
        raise NotPermitted("this needs a county-wide token")


def require(*roles: str) -> Callable[..., Principal]:
    """A dependency admitting a principal scoped to the path's `township` and holding one of `roles`."""
    return _guard(_township_in_scope, roles)


def require_county(*roles: str) -> Callable[..., Principal]:
    """A dependency admitting only county-wide principals holding one of `roles` (for `/v1/county/...`)."""
    return _guard(_county_wide, roles)
