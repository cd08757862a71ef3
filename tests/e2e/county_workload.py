"""A county's mixed workload through the four services' HTTP APIs, and the figures it must produce.

Each case is a short script of commands (register a dispute, then accept, assign, hold a
session, agree…). A client sends a command to one replica; when that replica dies or
answers 5xx it tries another: a registration with the same `Idempotency-Key`, a later
command with the same `If-Match`. A 412 after such a failure means the first attempt was
committed before the reply was lost, so the client reads the case and goes on.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import httpx

CATEGORIES = ("neighbours", "marriage_family", "land_homestead")
CHANNELS = ("visit", "letter", "online")


class Replicas:
    """The replicas of one service, tried in turn; a replica that stops answering is dropped."""

    def __init__(self, urls: list[str], client: httpx.AsyncClient, headers: dict[str, str]) -> None:
        self.alive = list(urls)
        self.client = client
        self.headers = headers
        self._turn = itertools.count()

    async def send(self, method: str, path: str, body: dict | None = None, *, key: str | None = None,
                   version: str | None = None) -> tuple[dict, str]:
        """The answer and ETag of a command accepted exactly once, whatever replica it took."""
        headers = {**self.headers, **({"Idempotency-Key": key} if key else {}),
                   **({"If-Match": version} if version else {})}
        failed_before = False
        for _ in range(40):
            base = self.alive[next(self._turn) % len(self.alive)]
            try:
                r = await self.client.request(method, base + path, json=body, headers=headers)
            except httpx.HTTPError:
                if base in self.alive and len(self.alive) > 1:
                    self.alive.remove(base)
                failed_before = True
                await asyncio.sleep(0.2)
                continue
            if r.status_code < 300:
                return r.json(), r.headers.get("ETag", "")
            if r.status_code == 412 and failed_before:  # the lost attempt was committed: read where it got to
                case = await self.client.get(base + path.rsplit("/", 1)[0], headers=self.headers)
                assert case.status_code == 200, case.text
                return case.json(), case.headers["ETag"]
            assert r.status_code >= 500, f"{method} {path}: {r.status_code} {r.text}"  # a 4xx is a bug here
            failed_before = True
            await asyncio.sleep(0.2)
        raise AssertionError(f"{method} {path} was never accepted")


@dataclass
class Tally:
    """What was accepted, per township: the figures reporting must show."""

    counts: Counter = field(default_factory=Counter)

    def add(self, township: str, *figure: str) -> None:
        self.counts[(township, *figure)] += 1


@dataclass
class County:
    townships: tuple[str, ...]
    desks: dict[str, Replicas]
    today: date
    tally: Tally = field(default_factory=Tally)

    def scripts(self, per_township: int) -> list[Callable[[], Awaitable[None]]]:
        """Every case of the workload, interleaved across townships and kinds."""
        out = []
        for n in range(per_township):
            for t in self.townships:
                out += [lambda t=t, n=n: self.dispute(t, n), lambda t=t, n=n: self.request(t, n),
                        lambda t=t, n=n: self.petition(t, n)]
        return out

    async def dispute(self, township: str, n: int) -> None:
        """Register; then a quarter agreed, a quarter failed, a quarter only accepted."""
        desk, base = self.desks["mediation"], f"/v1/townships/{township}/disputes"
        village = f"v0{1 + n % 5}" if n % 2 == 0 else None
        category = CATEGORIES[n % len(CATEGORIES)]
        body = {"level": "village" if village else "township", "village": village, "source": "walk_in",
                "category": category, "parties": [{"name": "甲"}, {"name": "乙"}], "people_involved": 2,
                "description": f"{township} boundary wall {n}"}
        case, version = await desk.send("POST", base, body, key=f"dispute-{township}-{n}")
        self.tally.add(township, "disputes", "registered")
        self.tally.add(township, "category", category)
        steps: list[tuple[str, dict | None]] = []
        if n % 4 in (0, 1, 2):
            steps.append(("accept", None))
        if n % 4 in (0, 1):
            steps += [("assign", {"mediator": "王调解"}), ("record-session", {"summary": "面谈"})]
        if n % 4 == 0:
            steps.append(("agree", {"form": "oral", "oral_content": "拆除越界部分",
                                    "performance_deadline": (self.today + timedelta(days=10)).isoformat()}))
        if n % 4 == 1:
            steps.append(("fail", {"reason": "双方分歧过大", "routes_told": ["court"]}))
        for verb, step_body in steps:
            case, version = await desk.send("POST", f"{base}/{case['id']}/{verb}", step_body, version=version)
        if n % 4 in (0, 1, 2):
            self.tally.add(township, "disputes", "accepted")
        if n % 4 == 0:
            self.tally.add(township, "disputes", "agreed")
            self.tally.add(township, "disputes", "agreed_in_village" if village else "agreed_in_township")
        if n % 4 == 1:
            self.tally.add(township, "disputes", "failed")

    async def request(self, township: str, n: int) -> None:
        """Receive an application; two in three are answered, granted or partly granted."""
        desk, base = self.desks["disclosure"], f"/v1/townships/{township}/requests"
        legal = n % 2 == 1
        body = {"channel": "in_person", "applicant_type": "legal_person" if legal else "natural_person",
                "org_type": "commercial_enterprise" if legal else None, "applicant": {"name": f"申请人{n}"},
                "information_sought": f"{township} 低保名单 {n}", "received_on": self.today.isoformat()}
        case, version = await desk.send("POST", base, body, key=f"request-{township}-{n}")
        self.tally.add(township, "requests", "received")
        if n % 3 == 2:
            return
        outcome = "granted" if n % 3 == 0 else "partly_granted"
        await desk.send("POST", f"{base}/{case['id']}/answer", {"outcome": outcome}, version=version)
        self.tally.add(township, "requests", "concluded")
        self.tally.add(township, "outcome", outcome, "commercial_enterprise" if legal else "natural_person")

    async def petition(self, township: str, n: int) -> None:
        """Register a petition; a third accepted, a third declined."""
        desk, base = self.desks["petition"], f"/v1/townships/{township}/petitions"
        channel = CHANNELS[n % len(CHANNELS)]
        body = {"channel": channel, "petitioners": [{"name": f"信访人{n}"}], "subject": f"{township} 道路 {n}",
                "claims": ["修路"], "bypassed_level": False, "village": "v02"}
        case, version = await desk.send("POST", base, body, key=f"petition-{township}-{n}")
        self.tally.add(township, "petitions", "registered")
        self.tally.add(township, "channel", channel)
        decision = {0: {"decision": "accept"}, 1: {"decision": "decline", "route": "litigation",
                                                   "reason": "属诉讼事项"}}.get(n % 3)
        if decision is None:
            return
        await desk.send("POST", f"{base}/{case['id']}/decide-acceptance", decision, version=version)
        self.tally.add(township, "petitions", "accepted" if n % 3 == 0 else "declined")


def figures_of(stats: dict) -> Counter:
    """The same figures as a `Tally`, read from reporting's statistics of one township."""
    t, m, d, p = stats["township"], stats["mediation"], stats["disclosure"], stats["petition"]
    seen: Counter = Counter()
    for name in ("registered", "accepted", "agreed", "agreed_in_village", "agreed_in_township", "failed"):
        seen[(t, "disputes", name)] = m["disputes"][name]
    for category, row in m["by_category"].items():
        seen[(t, "category", category)] = row["registered"]
    seen[(t, "requests", "received")] = d["applications"]["received"]
    seen[(t, "requests", "concluded")] = d["applications"]["concluded"]
    for outcome, columns in d["table_three"]["outcomes"].items():
        for column, value in columns.items():
            if column != "total":
                seen[(t, "outcome", outcome, column)] = value
    for name in ("registered", "accepted", "declined"):
        seen[(t, "petitions", name)] = p["cases"][name]
    for channel, value in p["cases"]["by_channel"].items():
        seen[(t, "channel", channel)] = value
    return +seen  # zeros dropped, as the tally has none
