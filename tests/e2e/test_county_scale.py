"""County scale, with real processes: a 3-node NATS cluster, PostgreSQL (a database per service),
two replicas of each of the four services; one NATS node and one replica are SIGKILLed under a
mixed load of several townships (and a reporting replica too), and every accepted command reaches
the reports exactly once."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from contextlib import AsyncExitStack

import httpx
import pytest
from nats.js.api import ConsumerConfig, DeliverPolicy
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from fazhi.auth import issue_token, load_or_create_signing_key
from fazhi.bus import connect
from fazhi.clock import Clock
from tests.engines import nats_cluster, stop_cluster
from fazhi.settings import Settings
from tests.conftest import _postgres_database
from tests.e2e.county_workload import County, Replicas, figures_of

pytestmark = pytest.mark.postgres
SERVICES = ("mediation", "disclosure", "petition", "reporting")
PRODUCERS = SERVICES[:3]
TOWNSHIPS = ("houtai", "zhoutang", "chengguan")
PER_TOWNSHIP = 12  # cases of each kind per township: 108 cases, about 250 commands
CONCURRENT = 12  # clerks at work at once


@pytest.fixture
async def databases():
    """A PostgreSQL database of its own for each service, as deploy/ runs them."""
    async with AsyncExitStack() as stack:
        yield {service: await stack.enter_async_context(_postgres_database()) for service in SERVICES}


async def event_ids_on_stream(urls: list[str], service: str) -> list[str]:
    """Every event id on the service's stream, read from the start, repeats included."""
    nc = await connect(urls, "checker")
    try:
        js = nc.jetstream()
        total = (await js.stream_info(service.upper())).state.messages
        sub = await js.pull_subscribe(f"fazhi.{service}.>", stream=service.upper(),
                                      config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL))
        seen: list[str] = []
        while len(seen) < total:
            for msg in await sub.fetch(min(200, total - len(seen)), timeout=5):
                seen.append(json.loads(msg.data)["id"])
                await msg.ack()
        return seen
    finally:
        await nc.close()


async def sorted_ids_on_stream(urls: list[str], service: str) -> list[str]:
    return sorted(await event_ids_on_stream(urls, service))


async def rows(url: str, query: str) -> list[str]:
    """The first column of every row, sorted."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return sorted((await conn.execute(text(query))).scalars())
    finally:
        await engine.dispose()


async def settled(read, expected, timeout: float = 60.0):  # type: ignore[no-untyped-def]
    """Poll `read()` until it returns `expected` (events still in flight) or the time is up."""
    deadline = time.monotonic() + timeout
    seen = None
    while time.monotonic() < deadline:
        try:
            seen = await read()
        except Exception as error:  # noqa: BLE001 - a cluster electing a new leader answers with errors
            seen = error
        if seen == expected:
            break
        await asyncio.sleep(0.5)
    return seen


async def test_a_county_under_load_loses_and_doubles_nothing_when_a_nats_node_and_a_replica_die(
    tmp_path, databases, start_service, service_env
):
    key = load_or_create_signing_key(Settings(data_dir=service_env["FAZHI_DATA_DIR"]).signing_key_path)
    nodes = await asyncio.to_thread(nats_cluster, tmp_path / "cluster")
    urls = [n.url for n in nodes]
    try:
        replicas = {
            service: [await asyncio.to_thread(start_service, service, FAZHI_NATS_URLS=",".join(urls),
                                              FAZHI_STREAM_REPLICAS="3", FAZHI_DATABASE_URL=databases[service])
                      for _ in range(2)]
            for service in SERVICES
        }
        clerk = issue_token(key, subject="clerk", townships=list(TOWNSHIPS),
                            roles=["mediation_officer", "disclosure_officer", "petition_officer", "leader"])
        supervisor = issue_token(key, subject="supervisor", county=True, roles=["county_supervisor"])
        async with httpx.AsyncClient(timeout=10) as client:
            desks = {s: Replicas([r.url for r in replicas[s]], client, {"Authorization": f"Bearer {clerk}"})
                     for s in SERVICES}
            county = County(TOWNSHIPS, desks, Clock().today())
            scripts = county.scripts(PER_TOWNSHIP)
            done = 0
            gate = asyncio.Semaphore(CONCURRENT)

            async def run(script) -> None:  # type: ignore[no-untyped-def]
                nonlocal done
                async with gate:
                    await script()
                done += 1
                if done == len(scripts) // 4:
                    nodes[0].stop(9)  # a NATS node dies: the cluster keeps its quorum
                if done == len(scripts) // 2:
                    replicas["mediation"][0].stop(kill=True)  # the first started: likely the relay's holder
                if done == 3 * len(scripts) // 4:
                    replicas["reporting"][0].stop(kill=True)  # what it was projecting is delivered again

            await asyncio.gather(*(run(s) for s in scripts))
            expected = county.tally.counts
            assert expected[("houtai", "disputes", "agreed_in_village")] > 0  # the mix is what it says

            for service in PRODUCERS:  # every recorded event on the bus once, and in reporting's facts once
                recorded = await rows(databases[service], "SELECT event_id FROM events")
                assert await settled(lambda s=service: sorted_ids_on_stream(urls[1:], s), recorded) == recorded
                applied = lambda s=service: rows(  # noqa: E731
                    databases["reporting"], f"SELECT event_id FROM tracking WHERE consumer = 'reporting-{s}'")
                assert await settled(applied, recorded) == recorded
                versions = await rows(databases[service], "SELECT stream_id || ':' || version FROM events")
                merged = lambda s=service: rows(  # noqa: E731
                    databases["reporting"], "SELECT id || ':' || jsonb_object_keys(data->'events') AS v FROM documents"
                                            f" WHERE collection LIKE 'facts.{s}.%'")
                assert await settled(merged, versions, timeout=5) == versions
            # No consumer parked anything: an event whose earlier versions the killed reporting replica
            # held is tried again (1 s, 4 s, 16 s later) after those are delivered again (10 s ack wait).
            assert await rows(databases["reporting"], "SELECT consumer || ' ' || error FROM dead_letters") == []

            async def figures() -> Counter:
                seen: Counter = Counter()
                for township in TOWNSHIPS:
                    stats, _ = await desks["reporting"].send("GET", f"/v1/townships/{township}/statistics")
                    seen.update(figures_of(stats))
                return seen

            assert await settled(figures, expected, timeout=10) == expected  # the reports: what was accepted
            reporting = Replicas([r.url for r in replicas["reporting"]], client,
                                 {"Authorization": f"Bearer {supervisor}"})
            rows_of_county, _ = await reporting.send("GET", "/v1/county/statistics")
            assert {r["township"]: (r["disputes_registered"], r["applications"], r["petitions"])
                    for r in rows_of_county["townships"] if r["township"] in TOWNSHIPS} == {
                t: (expected[(t, "disputes", "registered")], expected[(t, "requests", "received")],
                    expected[(t, "petitions", "registered")]) for t in TOWNSHIPS}
    finally:
        await asyncio.to_thread(stop_cluster, nodes)
