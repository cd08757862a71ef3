"""Case numbers from real service processes: two replicas on one database, and a replica killed mid-burst,
give every dispute a distinct number with no gap (the store counts in the registration's transaction)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from fazhi.auth import issue_token, load_or_create_signing_key

DISPUTES = "/v1/townships/houtai/disputes"
BODY = {"level": "township", "source": "walk_in", "category": "neighbours", "parties": [{"name": "张三"}],
        "people_involved": 1, "description": "a wall on the boundary"}


def headers(service_env: dict[str, str]) -> dict[str, str]:
    key = load_or_create_signing_key(Path(service_env["FAZHI_DATA_DIR"]) / "keys" / "signing-key.json")
    token = issue_token(key, subject="e2e", townships=["houtai"], roles=["mediator", "leader"])
    return {"Authorization": f"Bearer {token}"}


def sequence(number: str) -> int:
    """12 from （2026）后调字第12号."""
    return int(number.split("第")[1].removesuffix("号"))


async def register_at_once(urls: list[str], auth: dict[str, str], count: int) -> list[httpx.Response | BaseException]:
    """`count` registrations sent together, alternating between the replicas."""
    async with httpx.AsyncClient(headers=auth, timeout=60) as client:
        return await asyncio.gather(*(client.post(urls[i % len(urls)] + DISPUTES, json=BODY) for i in range(count)),
                                    return_exceptions=True)


async def all_numbers(url: str, auth: dict[str, str]) -> tuple[int, list[int]]:
    async with httpx.AsyncClient(headers=auth, timeout=30) as client:
        body = (await client.get(f"{url}{DISPUTES}?limit=200")).json()
    return body["total"], sorted(sequence(item["case_number"]) for item in body["items"])


async def two_replicas_number_fifty(start_service, service_env, database_url: str) -> None:
    replicas = [start_service("mediation", FAZHI_DATABASE_URL=database_url) for _ in range(2)]
    auth = headers(service_env)
    answers = await register_at_once([r.url for r in replicas], auth, 50)
    assert all(isinstance(a, httpx.Response) and a.status_code == 201 for a in answers), answers
    numbers = sorted(sequence(a.json()["case_number"]) for a in answers)  # type: ignore[union-attr]
    assert numbers == list(range(1, 51))
    assert await all_numbers(replicas[1].url, auth) == (50, numbers)


@pytest.mark.postgres
async def test_two_replicas_on_postgresql_give_fifty_disputes_fifty_consecutive_numbers(
        start_service, service_env, postgres_url):
    await two_replicas_number_fifty(start_service, service_env, postgres_url)


async def test_two_processes_on_one_sqlite_file_give_fifty_disputes_fifty_consecutive_numbers(
        start_service, service_env, sqlite_url):
    await two_replicas_number_fifty(start_service, service_env, sqlite_url)


@pytest.mark.postgres
async def test_a_replica_killed_while_registering_leaves_no_gap_and_no_repeat(start_service, service_env, postgres_url):
    doomed, survivor = (start_service("mediation", FAZHI_DATABASE_URL=postgres_url) for _ in range(2))
    auth = headers(service_env)
    burst = asyncio.create_task(register_at_once([doomed.url, survivor.url], auth, 80))
    while (await all_numbers(survivor.url, auth))[0] < 10:  # killed once the burst is under way
        await asyncio.sleep(0.02)
    doomed.stop(kill=True)  # SIGKILL: whatever it had not committed is rolled back with its numbers
    answers = await burst
    created = [a for a in answers if isinstance(a, httpx.Response) and a.status_code == 201]
    total, numbers = await all_numbers(survivor.url, auth)
    assert len(created) <= total
    assert numbers == list(range(1, total + 1))  # every committed dispute, numbered 1..total
    assert {sequence(a.json()["case_number"]) for a in created} <= set(numbers)
    async with httpx.AsyncClient(headers=auth, timeout=30) as client:
        after = (await client.post(survivor.url + DISPUTES, json=BODY)).json()
    assert sequence(after["case_number"]) == total + 1
