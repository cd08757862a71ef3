"""County scale, with real processes: a 3-node NATS cluster, PostgreSQL, two replicas of each
service; one NATS node and one replica are SIGKILLed under load, and nothing is lost or doubled."""

from __future__ import annotations

import asyncio
import itertools
import json

import httpx
import pytest
from nats.js.api import ConsumerConfig, DeliverPolicy

from fazhi.auth import issue_token, load_or_create_signing_key
from fazhi.bus import connect
from fazhi.natsserver import cluster
from fazhi.settings import Settings
from tests.conftest import POSTGRES_SKIP, POSTGRES_URL, _create_postgres_database, _drop_postgres_database

pytestmark = pytest.mark.postgres
TOWNSHIPS = ("houtai", "zhoutang", "chengguan")
DISPUTES = 90


@pytest.fixture
async def postgres_databases():
    if not POSTGRES_URL:
        pytest.skip(POSTGRES_SKIP)
    made = [await _create_postgres_database() for _ in range(2)]
    yield {"mediation": made[0][0], "reporting": made[1][0]}
    for _, name in made:
        await _drop_postgres_database(name)


def dispute(n: int) -> dict:
    return {"level": "village", "village": "v01" if n % 3 == 0 else None, "source": "walk_in",
            "category": "neighbours", "parties": [{"name": "甲"}, {"name": "乙"}], "people_involved": 2,
            "description": f"boundary wall {n}"}


async def register_all(replicas: list[str], token: str, on_progress) -> set[str]:
    """Register DISPUTES cases; a request that dies with its replica is retried on another
    with the same Idempotency-Key, as a clerk's client would."""
    ids: set[str] = set()
    turn = itertools.cycle(range(len(replicas)))
    alive = list(replicas)

    async def one(n: int, client: httpx.AsyncClient) -> None:
        township = TOWNSHIPS[n % len(TOWNSHIPS)]
        body = dispute(n) if township == "houtai" else {**dispute(n), "village": None, "level": "township"}
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"scale-{n}"}
        for attempt in range(20):
            base = alive[next(turn) % len(alive)]
            try:
                r = await client.post(f"{base}/v1/townships/{township}/disputes", json=body, headers=headers)
            except httpx.HTTPError:
                if base in alive and len(alive) > 1:
                    alive.remove(base)
                await asyncio.sleep(0.2)
                continue
            if r.status_code == 201:
                ids.add(r.json()["id"])
                return
            assert r.status_code >= 500, r.text  # a 4xx would be our bug, not the outage
            await asyncio.sleep(0.2)
        raise AssertionError(f"dispute {n} was never accepted")

    async with httpx.AsyncClient(timeout=10) as client:
        for start in range(0, DISPUTES, 6):
            await asyncio.gather(*(one(n, client) for n in range(start, min(start + 6, DISPUTES))))
            await on_progress(start + 6)
    return ids


async def registered_on_stream(urls: list[str]) -> list[str]:
    nc = await connect(urls, "checker")
    js = nc.jetstream()
    sub = await js.pull_subscribe("fazhi.mediation.*.dispute.registered", stream="MEDIATION",
                                  config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL))
    seen: list[str] = []
    while True:
        try:
            batch = await sub.fetch(200, timeout=2)
        except Exception:
            break
        for msg in batch:
            seen.append(json.loads(msg.data)["data"]["dispute_id"])
            await msg.ack()
    await nc.close()
    return seen


async def test_killing_a_nats_node_and_a_replica_under_load_loses_and_doubles_nothing(
    tmp_path, postgres_databases, start_service
):
    nodes = await asyncio.to_thread(cluster, tmp_path / "cluster")
    urls = [n.url for n in nodes]
    env = {"FAZHI_NATS_URLS": ",".join(urls), "FAZHI_STREAM_REPLICAS": "3",
           "FAZHI_DATABASE_URL": postgres_databases["mediation"]}
    try:
        replicas = [await asyncio.to_thread(start_service, "mediation", **env) for _ in range(2)]
        key = load_or_create_signing_key(Settings(data_dir=tmp_path / "var").signing_key_path)
        token = issue_token(key, subject="clerk", townships=list(TOWNSHIPS), roles=["mediation_officer"])

        async def chaos(done: int) -> None:
            if done == 30:
                nodes[0].stop(9)  # a NATS node dies: the cluster keeps quorum
            if done == 60:
                replicas[0].stop(kill=True)  # a service replica dies mid-load

        ids = await register_all([r.url for r in replicas], token, chaos)
        assert len(ids) == DISPUTES
        seen: list[str] = []
        for _ in range(100):
            try:
                seen = await registered_on_stream(urls[1:])
            except Exception:  # the cluster may still be electing a new meta leader
                pass
            if len(set(seen)) >= DISPUTES:
                break
            await asyncio.sleep(0.3)
        assert sorted(seen) == sorted(ids)  # every accepted case on the stream, exactly once
    finally:
        for node in nodes:
            node.stop()
