"""The closed bus on a real nats-server: who may connect, publish and subscribe is the server's decision."""

from __future__ import annotations

import asyncio
import json
import signal
import stat
import subprocess
import uuid

import bcrypt
import nats
import pytest
from nats.aio.client import Client as NATS
from nats.errors import NoServersError, TimeoutError as NatsTimeout

from fazhi.bus import ensure_stream
from fazhi.busauth import OPERATOR, BusAccess, declared_access, inbox_prefix, permissions, write_bus_config
from fazhi.cli import installed_services
from fazhi.natsserver import NatsServer


class Session:
    """A connection as one user, with the server's refusals it was sent."""

    def __init__(self, nc: NATS, refusals: list[str]) -> None:
        self.nc, self.refusals = nc, refusals

    async def refused(self, text: str) -> bool:
        for _ in range(50):
            if any(text.lower() in refusal.lower() for refusal in self.refusals):
                return True
            await asyncio.sleep(0.05)
        return False


async def session(server, user: str) -> Session:
    refusals: list[str] = []

    async def error(e: Exception) -> None:
        refusals.append(str(e))

    prefix = inbox_prefix(user) if user != OPERATOR else "_INBOX"
    nc = await nats.connect(server.url_as(user), error_cb=error, inbox_prefix=prefix, allow_reconnect=False)
    return Session(nc, refusals)


async def messages_in(server, stream: str) -> int:
    operator = await session(server, OPERATOR)
    try:
        return (await operator.nc.jetstream().stream_info(stream)).state.messages
    finally:
        await operator.nc.close()


async def test_a_client_without_credentials_or_with_a_wrong_password_is_refused(secured_nats):
    for url in (secured_nats.url, secured_nats.url_as("petition").replace("@", "x@")):
        with pytest.raises((NoServersError, nats.errors.Error)):
            await nats.connect(url, allow_reconnect=False, max_reconnect_attempts=0, connect_timeout=2)


async def test_petition_publishes_its_own_events_and_nothing_on_mediation_subjects(secured_nats):
    mediation, petition = await session(secured_nats, "mediation"), await session(secured_nats, "petition")
    try:
        await ensure_stream(mediation.nc.jetstream(), "mediation")
        await ensure_stream(petition.nc.jetstream(), "petition")
        ack = await petition.nc.jetstream().publish("fazhi.petition.houtai.case.registered", b"{}")
        assert ack.stream == "PETITION"

        await petition.nc.publish("fazhi.mediation.houtai.dispute.registered", b"{}")
        assert await petition.refused('Permissions Violation for Publish to "fazhi.mediation.houtai.dispute.')
        with pytest.raises(NatsTimeout):  # no acknowledgement: the server dropped it before the stream saw it
            await petition.nc.jetstream().publish("fazhi.mediation.houtai.dispute.registered", b"{}", timeout=1)
        assert await messages_in(secured_nats, "MEDIATION") == 0
    finally:
        await mediation.nc.close()
        await petition.nc.close()


async def test_a_service_cannot_listen_to_the_bus_or_to_another_services_replies(secured_nats):
    petition = await session(secured_nats, "petition")
    try:
        for subject in ("fazhi.>", "fazhi.mediation.>", "_INBOX.mediation.>", "$JS.API.>"):
            await petition.nc.subscribe(subject)
            assert await petition.refused(f'Permissions Violation for Subscription to "{subject}"'), subject
    finally:
        await petition.nc.close()


async def test_a_service_cannot_change_another_services_stream_or_consumers(secured_nats):
    mediation, petition = await session(secured_nats, "mediation"), await session(secured_nats, "petition")
    try:
        await ensure_stream(mediation.nc.jetstream(), "mediation")
        js = petition.nc.jetstream(timeout=1)
        for attempt in (js.delete_stream("MEDIATION"), js.purge_stream("MEDIATION"),
                        js.add_consumer("MEDIATION", durable_name="eavesdropper"),  # not a consumer petition owns
                        js.add_consumer("MEDIATION", durable_name="reporting-mediation")):  # nor reporting's
            with pytest.raises(NatsTimeout):
                await attempt
        assert await petition.refused("$JS.API.STREAM.DELETE.MEDIATION")
        info = await mediation.nc.jetstream().stream_info("MEDIATION")
        assert info.config.subjects == ["fazhi.mediation.>"]
        assert await consumer_names(secured_nats, "MEDIATION") == []
    finally:
        await mediation.nc.close()
        await petition.nc.close()


async def consumer_names(server, stream: str) -> list[str]:
    operator = await session(server, OPERATOR)
    try:
        response = await operator.nc.request(f"$JS.API.CONSUMER.NAMES.{stream}", b"{}", timeout=2)
        return json.loads(response.data).get("consumers") or []
    finally:
        await operator.nc.close()


def test_a_service_may_ack_and_pull_only_through_the_consumers_it_owns():
    allowed = permissions("mediation", BusAccess(durables={"petition": ["mediation-referrals"]}))
    publish = allowed["publish"]["allow"]
    assert "$JS.API.CONSUMER.MSG.NEXT.PETITION.mediation-referrals" in publish
    assert "$JS.ACK.PETITION.mediation-referrals.>" in publish
    assert [s for s in publish if s.startswith("fazhi.")] == ["fazhi.mediation.>"]
    assert not [s for s in publish if "DELETE" in s or "PURGE" in s or s.startswith("$JS.API.STREAM.")
                and not s.endswith(".MEDIATION")]
    assert allowed["subscribe"]["allow"] == ["_INBOX.mediation.>"]


async def test_the_consumers_a_service_owns_pull_and_ack_under_its_credentials(secured_nats):
    mediation, petition = await session(secured_nats, "mediation"), await session(secured_nats, "petition")
    try:
        await ensure_stream(petition.nc.jetstream(), "petition")
        await petition.nc.jetstream().publish("fazhi.petition.houtai.case.referred", b"{}",
                                              headers={"Nats-Msg-Id": str(uuid.uuid4())})
        js = mediation.nc.jetstream()
        await js.add_consumer("PETITION", durable_name="mediation-referrals", ack_policy="explicit")
        sub = await js.pull_subscribe_bind("mediation-referrals", stream="PETITION")
        [msg] = await sub.fetch(1, timeout=5)
        await msg.ack_sync()
        assert (await js.consumer_info("PETITION", "mediation-referrals")).num_ack_pending == 0
        assert mediation.refusals == []
    finally:
        await mediation.nc.close()
        await petition.nc.close()


def hashes(config) -> dict[str, str]:
    block = json.loads(config.read_text().removeprefix("authorization:"))
    return {user["user"]: user["password"] for user in block["users"]}


async def test_credentials_are_kept_on_restart_and_a_rotation_takes_effect_on_a_server_reload(tmp_path):
    accesses = declared_access(installed_services())
    first = write_bus_config(tmp_path / "bus", accesses, cost=4)
    before = hashes(first.config)
    assert write_bus_config(tmp_path / "bus", accesses, cost=4).credentials == first.credentials
    assert hashes(first.config) == before  # not made again: a hash costs a good part of a second
    assert stat.S_IMODE((tmp_path / "bus").stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "bus").iterdir()} == {0o600}
    server = NatsServer(tmp_path / "nats", config=first.config).start()
    try:
        old = f"nats://petition:{first.credentials['petition'].password}@127.0.0.1:{server.port}"
        await (await nats.connect(old, allow_reconnect=False)).close()

        rotated = write_bus_config(tmp_path / "bus", accesses, rotate=["petition"], cost=4)
        assert rotated.credentials["petition"] != first.credentials["petition"]
        assert {u: c for u, c in rotated.credentials.items() if u != "petition"} == \
            {u: c for u, c in first.credentials.items() if u != "petition"}
        after = hashes(rotated.config)
        assert {u: h for u, h in after.items() if u != "petition"} == \
            {u: h for u, h in before.items() if u != "petition"}
        assert bcrypt.checkpw(rotated.credentials["petition"].password.encode(), after["petition"].encode())
        server.process.send_signal(signal.SIGHUP)  # `nats-server --signal reload`: the new file, no restart
        new = f"nats://petition:{rotated.credentials['petition'].password}@127.0.0.1:{server.port}"
        for _ in range(50):
            try:
                await (await nats.connect(new, allow_reconnect=False, max_reconnect_attempts=0)).close()
                break
            except (NoServersError, nats.errors.Error, OSError):  # the reload is still under way
                await asyncio.sleep(0.1)
        else:
            raise AssertionError("the reloaded server does not admit the new password")
        with pytest.raises((NoServersError, nats.errors.Error, OSError)):
            await nats.connect(old, allow_reconnect=False, max_reconnect_attempts=0, connect_timeout=2)
    finally:
        server.stop()


def test_nats_config_writes_what_a_server_and_each_service_need_for_deploy(tmp_path):
    from typer.testing import CliRunner

    from fazhi.cli import app
    from fazhi.natsserver import binary

    result = CliRunner().invoke(app, ["nats-config", "--out", str(tmp_path / "secrets")])
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in (tmp_path / "secrets").iterdir())
    assert files == sorted(["nats-auth.conf", *(f"{u}.env" for u in (*installed_services(), OPERATOR))])
    assert {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "secrets").iterdir()} == {0o600}
    main = tmp_path / "server.conf"  # as deploy/ would: its own settings, the authorization included
    main.write_text("port: 4222\njetstream: {}\ninclude secrets/nats-auth.conf\n")  # relative to this file
    subprocess.run([binary(), "-c", str(main), "-t"], check=True, capture_output=True)
    petition = (tmp_path / "secrets" / "petition.env").read_text()
    assert petition.startswith("FAZHI_NATS_USER=petition\nFAZHI_NATS_PASSWORD=")

    refused = CliRunner().invoke(app, ["nats-config", "--out", str(tmp_path / "secrets"), "--rotate", "intruder"])
    assert refused.exit_code == 2 and "unknown user intruder" in refused.output
