"""Where alert deliveries may go: public addresses only, unless the county allow-lists the host.

A destination is checked when it is registered and again before every request: its name is
resolved here, every address it resolves to is checked, and the request then goes to the
checked address (the Host header and the TLS server name keep the name), so a DNS answer that
changes between check and connect (rebinding) cannot reach inside. Redirects are never followed.
Numeric hosts in any form the resolver accepts (`2130706433`, `0x7f.1`, `0177.0.0.1`, `[::1]`,
`[::ffff:127.0.0.1]`) resolve to the address they mean and are checked as such.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

import httpx

from fazhi.errors import InvalidInput

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[list[str]]]

# Cloud instance-metadata services (most are link-local or private anyway; named for a clear refusal).
METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254",
))
NAT64 = ipaddress.ip_network("64:ff9b::/96")
RESOLVE_SECONDS = 5.0


class DestinationRefused(Exception):
    """The destination is internal and not allow-listed, or cannot be resolved (a Chinese reason)."""


def why_internal(ip: Address) -> str | None:
    """Why an address may not be reached from here (Chinese), or None for a public one."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return why_internal(embedded)
    if ip in METADATA:
        return "云平台元数据地址"
    for test, reason in ((ip.is_loopback, "本机回环地址"), (ip.is_link_local, "链路本地地址"),
                         (ip.is_multicast, "组播地址"), (ip.is_unspecified, "未指定地址"),
                         (ip.is_private, "内网地址"), (ip.is_reserved, "保留地址")):
        if test:
            return reason
    return None if ip.is_global else "非公网地址"


@dataclass(frozen=True)
class Target:
    """A checked destination: the URL as registered, and the address requests go to."""

    url: httpx.URL
    address: str

    def request_url(self) -> httpx.URL:
        return self.url.copy_with(host=self.address)

    def host_header(self) -> str:
        host = self.url.host if ":" not in self.url.host else f"[{self.url.host}]"
        return host if self.url.port is None else f"{host}:{self.url.port}"


async def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for `host` (numeric forms included)."""
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(RESOLVE_SECONDS):
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class EgressPolicy:
    """The county's rule for outgoing requests: `allow` names hosts, addresses or networks that may be internal."""

    def __init__(self, allow: Iterable[str] = (), resolver: Resolver = system_resolver) -> None:
        self.names: frozenset[str] = frozenset()
        self.networks: tuple[Network, ...] = ()
        names, networks = set(), []
        for entry in allow:
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                names.add(entry.lower().rstrip("."))
        self.names, self.networks, self.resolver = frozenset(names), tuple(networks), resolver

    async def check(self, url: str) -> Target:
        """The destination of `url` once every address it resolves to is allowed; else `DestinationRefused`."""
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as error:
            raise DestinationRefused("地址格式不正确") from error
        if parsed.scheme not in ("http", "https") or not parsed.host:
            raise DestinationRefused("只接受 http 或 https 地址")
        host = parsed.host.lower().rstrip(".")
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in await self.resolver(host, port)]
        except (OSError, TimeoutError, ValueError) as error:
            raise DestinationRefused(f"无法解析主机名 {host}") from error
        if not addresses:
            raise DestinationRefused(f"无法解析主机名 {host}")
        if host not in self.names:
            for ip in addresses:
                reason = why_internal(ip)
                if reason is not None and not self._allowed(ip):
                    raise DestinationRefused(f"{host} 解析到{reason} {ip}，县配置未允许（alerts.allow_hosts）")
        return Target(parsed, str(addresses[0]))

    def _allowed(self, ip: Address) -> bool:
        plain = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped else ip
        return any(plain in net or ip in net for net in self.networks)

    async def check_registration(self, url: str, field: str = "url") -> None:
        """At registration: a refused destination is a 422 naming the field."""
        try:
            await self.check(url)
        except DestinationRefused as error:
            raise InvalidInput(f"不能向该地址推送告警：{error}", field=field) from error


class GuardedClient:
    """An HTTP client that sends only to checked destinations, to the checked address, and follows no redirect."""

    def __init__(self, policy: EgressPolicy | Callable[[], EgressPolicy], timeout: float = 5.0,
                 verify: Any = True) -> None:
        self.policy = policy if callable(policy) else lambda: policy  # a provider: the county's policy now
        # trust_env=False: a proxy from the environment would connect to the name, not the checked address
        self.http = httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False, verify=verify)

    async def post(self, url: str, *, content: bytes, headers: dict[str, str]) -> httpx.Response:
        """POST after checking the destination again; `DestinationRefused` or `httpx.HTTPError` on failure."""
        target = await self.policy().check(url)
        extensions: dict[str, Any] = {"sni_hostname": target.url.host} if target.url.scheme == "https" else {}
        return await self.http.post(target.request_url(), content=content,
                                    headers={**headers, "Host": target.host_header()}, extensions=extensions)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> GuardedClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()


def policy_of(runtime: Any) -> EgressPolicy:
    """The running county's egress policy."""
    return EgressPolicy(runtime.county.alerts.allow_hosts)


def guarded_client(runtime: Any) -> GuardedClient:
    """A client that checks each request against the county's policy as it stands at that request."""
    return GuardedClient(lambda: policy_of(runtime))
