"""The Compose stack as an operator starts it (three NATS nodes, PostgreSQL, two replicas of each
service, the nginx gateway), driven through the gateway: one NATS node and one replica of every
service are killed (`docker kill`) under load and started again, then the whole stack goes
`down` and `up`; every accepted command reaches reporting exactly once and nothing is lost."""

from __future__ import annotations

import asyncio
import json
from collections import Counter

import httpx
import nats
import pytest

from fazhi.auth import issue_token, load_or_create_signing_key, public_jwks
from fazhi.bus import SERVICES
from fazhi.clock import Clock
from tests.containers.stack import Stack, docker
from tests.e2e.county_workload import County, Replicas, figures_of
from tests.e2e.test_county_scale import rows, settled
from tests.engines import docker_missing

pytestmark = [pytest.mark.skipif(docker_missing() is not None, reason=f"container test: {docker_missing()}"),
              pytest.mark.timeout(1800)]  # the first run on a machine builds the images (minutes)
PRODUCERS = ("mediation", "disclosure", "petition")
TOWNSHIPS = ("houtai", "zhoutang")
PER_TOWNSHIP = 8  # cases of each kind per township: 48 cases, about 110 commands
CONCURRENT = 6


@pytest.fixture
def stack(tmp_path, local_images):
    key = load_or_create_signing_key(tmp_path / "keys" / "signing-key.json")
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(public_jwks(key)))
    stack = Stack(tmp_path, jwks)
    stack.key = key
    try:
        stack.up()
        yield stack
    except BaseException:
        print(stack.logs())
        raise
    finally:
        stack.compose("down", "--volumes", "--timeout", "5")


async def figures(desk: Replicas) -> Counter:
    seen: Counter = Counter()
    for township in TOWNSHIPS:
        stats, _ = await desk.send("GET", f"/v1/townships/{township}/statistics")
        seen.update(figures_of(stats))
    return seen


async def sorted_ids_on_stream(stack: Stack, service: str) -> list[str]:
    """Every event id on the service's stream, repeats included, read over TLS as the operator."""
    from nats.js.api import ConsumerConfig, DeliverPolicy

    operator = stack.bus.credentials["operator"]
    nc = await nats.connect(stack.nats_urls, user=operator.user, password=operator.password, tls=stack.tls(),
                            connect_timeout=5, max_reconnect_attempts=2)
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
        return sorted(seen)
    finally:
        await nc.close()


async def assert_the_bus_refuses_clients_without_tls_or_credentials(stack: Stack) -> None:
    plain = stack.nats_urls[0].replace("tls://", "nats://")
    for url, options in ((plain, {}), (stack.nats_urls[0], {"tls": stack.tls()})):
        with pytest.raises(Exception):  # noqa: B017,PT011 - the server answers TLS only, and users only
            await nats.connect(url, connect_timeout=3, allow_reconnect=False, max_reconnect_attempts=0, **options)


async def assert_every_event_reached_reporting_once(stack: Stack) -> dict[str, list[str]]:
    recorded_by_service = {}
    for service in PRODUCERS:
        recorded = await rows(stack.database(service), "SELECT event_id FROM events")
        assert recorded, f"{service} recorded nothing"
        on_bus = await settled(lambda s=service: sorted_ids_on_stream(stack, s), recorded)
        assert on_bus == recorded, f"{service}: the stream holds other events than the database"
        applied = lambda s=service: rows(  # noqa: E731
            stack.database("reporting"), f"SELECT event_id FROM tracking WHERE consumer = 'reporting-{s}'")
        assert await settled(applied, recorded) == recorded, f"{service}: reporting applied others, or twice"
        recorded_by_service[service] = recorded
    assert await rows(stack.database("reporting"), "SELECT consumer || ' ' || error FROM dead_letters") == []
    return recorded_by_service


async def test_the_compose_stack_loses_and_doubles_nothing_through_kills_and_a_restart(stack):
    await assert_the_bus_refuses_clients_without_tls_or_credentials(stack)
    clerk = issue_token(stack.key, subject="clerk", townships=list(TOWNSHIPS),
                        roles=["mediation_officer", "disclosure_officer", "petition_officer", "leader"])
    victims = [stack.container("nats-2")] + [stack.container(s) for s in SERVICES]
    started = {v: docker("inspect", "-f", "{{.State.StartedAt}}", v) for v in victims}
    async with httpx.AsyncClient(timeout=15) as client:
        desk = Replicas([stack.gateway], client, {"Authorization": f"Bearer {clerk}"})
        county = County(TOWNSHIPS, {s: desk for s in SERVICES}, Clock().today())
        scripts = county.scripts(PER_TOWNSHIP)
        done = 0
        gate = asyncio.Semaphore(CONCURRENT)

        async def run(script) -> None:  # type: ignore[no-untyped-def]
            nonlocal done
            async with gate:
                await script()
            done += 1
            if done == len(scripts) // 3:  # a NATS node and a replica of every service die at once
                await asyncio.to_thread(docker, "kill", *victims)
            if done == 2 * len(scripts) // 3:
                await asyncio.to_thread(docker, "start", *victims)

        await asyncio.gather(*(run(s) for s in scripts))
        for victim in victims:  # each was killed and started again while the load ran
            assert docker("inspect", "-f", "{{.State.Running}}", victim).strip() == "true"
            assert docker("inspect", "-f", "{{.State.StartedAt}}", victim) != started[victim]
        expected = county.tally.counts
        assert expected[("houtai", "disputes", "agreed_in_village")] > 0  # the mix is what it says
        recorded = await assert_every_event_reached_reporting_once(stack)
        assert await settled(lambda: figures(desk), expected, timeout=30) == expected

    # The whole stack down and up again (volumes kept): the same events, the same figures, and it works on.
    await asyncio.to_thread(stack.compose, "down", "--timeout", "20")
    await asyncio.to_thread(stack.up)
    async with httpx.AsyncClient(timeout=15) as client:
        desk = Replicas([stack.gateway], client, {"Authorization": f"Bearer {clerk}"})
        assert await settled(lambda: figures(desk), expected, timeout=60) == expected
        county = County(TOWNSHIPS, {s: desk for s in SERVICES}, Clock().today(), county.tally)
        await county.dispute("houtai", PER_TOWNSHIP)
        await county.petition("zhoutang", PER_TOWNSHIP)
        after = await assert_every_event_reached_reporting_once(stack)
        for service in PRODUCERS:
            assert set(recorded[service]) <= set(after[service])
        assert await settled(lambda: figures(desk), county.tally.counts, timeout=30) == county.tally.counts

        # Petition's NATS password rotated as deploy/README.md says: the old one is refused, petition works on.
        old = stack.bus.credentials["petition"]
        await asyncio.to_thread(stack.rotate, "petition")
        with pytest.raises(Exception):  # noqa: B017,PT011 - authorization violation
            await nats.connect(stack.nats_urls[0], user=old.user, password=old.password, tls=stack.tls(),
                               connect_timeout=3, allow_reconnect=False, max_reconnect_attempts=0)
        await county.petition("houtai", PER_TOWNSHIP + 1)
        await assert_every_event_reached_reporting_once(stack)
        assert await settled(lambda: figures(desk), county.tally.counts, timeout=30) == county.tally.counts
