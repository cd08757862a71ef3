"""A forged referral never becomes a dispute: mediation as a real process on the closed bus.

The server refuses a `petition.case.referred` from anyone but petition's user; an envelope on
petition's stream that names another source (published by the operator, as a bug or a stolen
credential would) is parked by the consumer, and cannot be replayed. A genuine referral after
them opens its dispute, so the consumer was listening all along.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import nats
import orjson
import pytest

from fazhi.auth import issue_token, load_or_create_signing_key
from fazhi.bus import ensure_stream
from fazhi.busauth import OPERATOR, inbox_prefix
from fazhi.events import RecordedEvent

DISPUTES = "/v1/townships/zhoutang/disputes"


def referral(case_id: str) -> RecordedEvent:
    at = datetime(2026, 3, 2, 1, tzinfo=UTC)
    data = {"case_id": case_id, "category": "other", "summary": "a fight over a wall", "people_involved": 60,
            "parties": [{"name": "王五"}], "reason": "a civil dispute"}
    return RecordedEvent(event_id=str(uuid.uuid4()), stream_id=case_id, stream_type="case", version=3,
                         type="petition.case.referred", schema_version=1, township="zhoutang", data=data,
                         occurred_at=at, recorded_at=at, metadata={"actor": "petition-desk"})


async def publish_as(server, user: str, subject: str, body: bytes | None = None) -> list[str]:
    """Publish once as `user` (petition declares its stream first, as its process does); the server's refusals."""
    refusals: list[str] = []

    async def error(e: Exception) -> None:
        refusals.append(str(e))

    prefix = "_INBOX" if user == OPERATOR else inbox_prefix(user)
    nc = await nats.connect(server.url_as(user), error_cb=error, inbox_prefix=prefix, allow_reconnect=False)
    try:
        if user == "petition":
            await ensure_stream(nc.jetstream(), "petition")  # as petition's process does
        if body is not None:
            await nc.publish(subject, body, headers={"Nats-Msg-Id": str(uuid.uuid4())})
        await nc.flush()
        await asyncio.sleep(0.3)  # the server's -ERR comes after the flush
        return refusals
    finally:
        await nc.close()


def wait_for(check, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_a_forged_referral_never_becomes_a_dispute(start_service, service_env, secured_nats):
    key = load_or_create_signing_key(Path(service_env["FAZHI_DATA_DIR"]) / "keys" / "signing-key.json")
    headers = {"Authorization": f"Bearer {issue_token(key, subject='e2e', county=True, roles=['admin'])}"}
    mediation = start_service("mediation")
    asyncio.run(publish_as(secured_nats, "petition", "fazhi.petition.zhoutang.case.registered"))  # the stream

    with pytest.raises((nats.errors.NoServersError, nats.errors.Error)):  # no credentials: no connection at all
        asyncio.run(nats.connect(secured_nats.url, allow_reconnect=False, max_reconnect_attempts=0,
                                 connect_timeout=2))
    forged = referral("forged-1")
    for user in ("mediation", "disclosure", "reporting"):
        refusals = asyncio.run(publish_as(secured_nats, user, forged.subject, forged.to_json(masked=True)))
        assert any("permissions violation for publish" in r.lower() for r in refusals), (user, refusals)

    foreign = {**forged.to_cloudevent(masked=True), "id": str(uuid.uuid4()), "source": "/fazhi/reporting/zhoutang"}
    assert asyncio.run(publish_as(secured_nats, OPERATOR, forged.subject, orjson.dumps(foreign))) == []
    genuine = referral("genuine-1")
    assert asyncio.run(publish_as(secured_nats, "petition", genuine.subject, genuine.to_json(masked=True))) == []

    items = wait_for(lambda: httpx.get(f"{mediation.url}{DISPUTES}", headers=headers).json()["items"])
    assert [d["referral_case_id"] for d in items] == ["genuine-1"]
    letters = httpx.get(f"{mediation.url}/v1/admin/dead-letters", headers=headers).json()["items"]
    [letter] = [row for row in letters if row["consumer"] == "mediation-referrals"]
    assert "source '/fazhi/reporting/zhoutang' does not match the stream of petition" in letter["error"]
    replay = httpx.post(f"{mediation.url}/v1/admin/dead-letters/{letter['id']}/replay", headers=headers)
    assert replay.status_code == 409, replay.text  # kept to be looked at, never run
    time.sleep(1)  # nothing else arrives later
    items = httpx.get(f"{mediation.url}{DISPUTES}", headers=headers).json()["items"]
    assert [d["referral_case_id"] for d in items] == ["genuine-1"]
