"""Calls to the four services on behalf of the signed-in user, with a short-lived token in their name.

The services check roles and townships and record who acted: the console adds nothing to
their rules, it only carries the user's identity (subject = the login) to them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from joserfc.jwk import ECKey

from fazhi.auth import issue_token
from services.console.accounts import Account

TOKEN_MINUTES = 5
SERVICES = ("mediation", "disclosure", "petition", "reporting")


class ServiceUnavailable(Exception):
    """A service did not answer; the page says so instead of failing."""

    def __init__(self, service: str) -> None:
        super().__init__(service)
        self.service = service


@dataclass
class Answer:
    """A service's answer: status, JSON body (problem+json on errors) and headers."""

    status: int
    body: Any
    headers: httpx.Headers

    @property
    def ok(self) -> bool:
        return self.status < 400


class Backend:
    """One HTTP client per service; tokens per user, reused until a minute before they expire."""

    def __init__(self, urls: dict[str, str], key: ECKey, transport: httpx.AsyncBaseTransport | None = None, *,
                 issuer: str | None = None, audience: str | None = None) -> None:
        self.urls = urls
        self._key = key
        self._audience = {k: v for k, v in (("issuer", issuer), ("audience", audience)) if v}  # the services' own
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
        self.clients = {s: httpx.AsyncClient(base_url=url, timeout=15, limits=limits, transport=transport)
                        for s, url in urls.items()}
        self._tokens: dict[str, tuple[str, float]] = {}

    async def close(self) -> None:
        for client in self.clients.values():
            await client.aclose()

    def token_for(self, account: Account) -> str:
        cache_key = f"{account.login}|{account.townships}|{account.county}|{account.roles}"
        known = self._tokens.get(cache_key)
        if known is not None and known[1] > time.monotonic():
            return known[0]
        token = issue_token(self._key, subject=account.login, townships=list(account.townships),
                            county=account.county, roles=list(account.roles), ttl=timedelta(minutes=TOKEN_MINUTES),
                            **self._audience)
        if len(self._tokens) > 1000:
            self._tokens.clear()
        self._tokens[cache_key] = (token, time.monotonic() + (TOKEN_MINUTES - 1) * 60)
        return token

    def headers(self, account: Account, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token_for(account)}", **extra}

    async def call(self, account: Account, service: str, method: str, path: str, *,
                   params: dict[str, Any] | None = None, json: Any = None, headers: dict[str, str] | None = None,
                   ) -> Answer:
        try:
            response = await self.clients[service].request(
                method, path, params={k: v for k, v in (params or {}).items() if v not in (None, "")},
                json=json, headers={**self.headers(account), **(headers or {})})
        except httpx.HTTPError as err:
            raise ServiceUnavailable(service) from err
        is_json = "json" in response.headers.get("content-type", "")
        return Answer(response.status_code, response.json() if is_json else response.content, response.headers)

    async def public_get(self, service: str, path: str, **params: Any) -> Answer:
        """A read anyone may make (the public register): no token."""
        try:
            response = await self.clients[service].get(path, params={k: v for k, v in params.items() if v})
        except httpx.HTTPError as err:
            raise ServiceUnavailable(service) from err
        return Answer(response.status_code, response.json(), response.headers)

    async def get(self, account: Account, service: str, path: str, **params: Any) -> Answer:
        return await self.call(account, service, "GET", path, params=params)

    async def post(self, account: Account, service: str, path: str, body: Any = None, *,
                   if_match: str | None = None, idempotency_key: str | None = None) -> Answer:
        headers = {}
        if if_match:
            headers["If-Match"] = if_match
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        return await self.call(account, service, "POST", path, json=body, headers=headers)
