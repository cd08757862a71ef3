"""The closed bus's permission model and the consumers' second lock, without a server."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import bcrypt

from fazhi.busauth import OPERATOR, BusAccess, Credential, authorization, declared_access, permissions
from fazhi.events import RecordedEvent
from fazhi.subscriptions import foreign

SERVICES = ("mediation", "disclosure", "petition", "reporting")


def referral(township: str = "zhoutang") -> RecordedEvent:
    at = datetime(2026, 3, 2, 1, tzinfo=UTC)
    return RecordedEvent(event_id=str(uuid.uuid4()), stream_id="case-1", stream_type="case", version=1,
                         type="petition.case.referred", schema_version=1, township=township, data={},
                         occurred_at=at, recorded_at=at, metadata={})


def test_each_service_publishes_only_on_its_own_subjects_and_reporting_also_alerts():
    accesses = declared_access(SERVICES)
    for service in SERVICES:
        publish = permissions(service, accesses[service])["publish"]["allow"]
        own = ["fazhi.reporting.>", "fazhi.alerts.>"] if service == "reporting" else [f"fazhi.{service}.>"]
        assert [s for s in publish if not s.startswith("$")] == own


def test_a_service_subscribes_only_below_its_own_inbox():
    for service, access in declared_access(SERVICES).items():
        assert permissions(service, access)["subscribe"]["allow"] == [f"_INBOX.{service}.>"]


def test_the_consumers_the_services_own_are_the_ones_they_may_pull_and_ack():
    accesses = declared_access(SERVICES)
    assert accesses["mediation"] == BusAccess(durables={"petition": ["mediation-referrals"]})
    assert accesses["petition"] == BusAccess(durables={"mediation": ["petition-referral-links"]})
    assert accesses["disclosure"] == BusAccess()
    reporting = permissions("reporting", accesses["reporting"])["publish"]["allow"]
    for stream in ("MEDIATION", "DISCLOSURE", "PETITION"):
        for durable in (f"reporting-{stream.lower()}", f"alerts-{stream.lower()}"):
            assert f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}" in reporting
            assert f"$JS.ACK.{stream}.{durable}.>" in reporting
    assert not [s for s in reporting if "DELETE" in s or "PURGE" in s or s.startswith("$JS.API.STREAM.CREATE.")
                and not s.endswith(".REPORTING")]


def test_the_server_configuration_holds_bcrypt_hashes_never_the_passwords():
    credentials = {user: Credential.generate(user) for user in (*SERVICES, OPERATOR)}
    block = authorization(declared_access(SERVICES), credentials, cost=4)["authorization"]
    assert [user["user"] for user in block["users"]] == [*SERVICES, OPERATOR]
    for user in block["users"]:
        password = credentials[user["user"]].password
        assert password not in str(block)
        assert bcrypt.checkpw(password.encode(), user["password"].encode())
    assert "permissions" not in block["users"][-1]  # the operator's: for people with the `nats` CLI


def test_a_credential_reads_back_from_its_env_file():
    credential = Credential.generate("petition")
    assert Credential.parse_env(credential.env()) == credential


def test_an_envelope_is_foreign_unless_source_type_and_subject_are_the_streams_service():
    event = referral()
    envelope = event.to_cloudevent()
    assert foreign("petition", event.subject, envelope, event) is None
    assert "source" in foreign("petition", event.subject, {**envelope, "source": "/fazhi/mediation/zhoutang"}, event)
    assert "source" in foreign("mediation", event.subject, envelope, event)
    assert "subject" in foreign("petition", "fazhi.petition.houtai.case.referred", envelope, event)
