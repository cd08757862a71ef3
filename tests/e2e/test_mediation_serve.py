"""`fazhi serve mediation` as a real process: it starts, takes a dispute, and publishes its events."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx

from fazhi.auth import issue_token, load_or_create_signing_key
from fazhi.bus import connect


async def _messages_on_stream(url: str) -> int:
    nc = await connect([url], "e2e-watch")
    try:
        return (await nc.jetstream().stream_info("MEDIATION")).state.messages
    finally:
        await nc.close()


def test_the_mediation_process_registers_a_dispute_and_relays_it(start_service, service_env, secured_nats):
    service = start_service("mediation")
    key = load_or_create_signing_key(Path(service_env["FAZHI_DATA_DIR"]) / "keys" / "signing-key.json")
    headers = {"Authorization": f"Bearer {issue_token(key, subject='e2e', townships=['houtai'], roles=['mediator'])}"}
    body = {"level": "township", "source": "walk_in", "category": "labour_wages", "parties": [{"name": "张三"}],
            "people_involved": 8, "amount": "64000", "description": "unpaid wages at a brick kiln"}
    with httpx.Client(base_url=service.url, headers=headers, timeout=10) as client:
        created = client.post("/v1/townships/houtai/disputes", json=body)
        assert created.status_code == 201, created.text
        shown = client.get(created.headers["Location"]).json()
        assert (shown["severity"], shown["severity_reasons"], shown["status"]) == ("major", ["people_involved"],
                                                                                    "registered")
        ready = client.get("/readyz").json()
        assert ready["checks"] == {"database": True, "nats": True}
    deadline = time.monotonic() + 20
    while asyncio.run(_messages_on_stream(secured_nats.operator_url)) < 2:  # registered, classified
        assert time.monotonic() < deadline, "the relay did not publish the dispute's events"
        time.sleep(0.1)
