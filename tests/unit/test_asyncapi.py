"""The AsyncAPI document: generated from the contracts, committed, and never stale."""

from __future__ import annotations

import importlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal

from fazhi.asyncapi import envelope_model, render
from fazhi.county import AlertPolicy, Rules
from fazhi.events import DomainEvent, RecordedEvent
from fazhi.workdays import WorkCalendar
from services.mediation import contract as mediation
from services.mediation.domain import Dispute, Policy
from services.reporting.alerts import contract as alerts
from services.reporting.alerts.domain import Alert, Notifying, Raise
from services.reporting.alerts.views import alert_json
from tests.conftest import ROOT

COMMITTED = ROOT / "docs" / "asyncapi.json"
NOW = datetime(2026, 3, 2, 2, tzinfo=UTC)


def services_events() -> dict[str, type[DomainEvent]]:
    """Every event type any service defines, found by walking the classes, not the document's own list."""
    for service in ("mediation", "disclosure", "petition", "reporting"):
        importlib.import_module(f"services.{service}.app")
    found, todo = {}, [DomainEvent]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("services.") and "type" in cls.__dict__:
            found[cls.type] = cls
    return found


def test_the_committed_document_is_the_one_the_contracts_generate():
    assert COMMITTED.read_text(encoding="utf-8") == render(), "stale: run `fazhi asyncapi --out docs/asyncapi.json`"


def test_every_event_type_has_its_subject_its_envelope_and_its_data_schema():
    doc = json.loads(COMMITTED.read_text(encoding="utf-8"))
    events = services_events()
    assert len(events) > 80
    for event_type, cls in events.items():
        service, aggregate, name = event_type.split(".")
        channel = doc["channels"][event_type]
        assert channel["address"] == f"fazhi.{service}.{{township}}.{aggregate}.{name}"
        assert channel["parameters"]["township"]
        message = doc["components"]["messages"][f"{event_type}:Message"]
        envelope = doc["components"]["schemas"][message["payload"]["$ref"].rsplit("/", 1)[1]]
        assert envelope["allOf"] == [{"$ref": "#/components/schemas/CloudEvent"}]
        assert envelope["properties"]["type"]["const"] == event_type
        assert envelope["properties"]["data"]["$ref"].endswith(f"/{cls.__name__}")
    assert set(doc["channels"]) == {*events, "alerts.notification"}


def test_the_alert_subject_carries_township_and_level_as_parameters():
    channel = json.loads(COMMITTED.read_text(encoding="utf-8"))["channels"]["alerts.notification"]
    assert channel["address"] == "fazhi.alerts.{township}.{level}"
    assert channel["parameters"]["level"]["enum"] == ["village", "township", "county"]


def test_an_event_as_the_relay_publishes_it_fits_its_documented_envelope():
    dispute = Dispute("d1", "houtai")
    (registered, *_) = dispute.register(
        level=mediation.Level.VILLAGE, village="v01", source=mediation.Source.WALK_IN,
        category=mediation.Category.NEIGHBOURS, parties=[mediation.Party(name="张三", id_number="11010519491231002X")],
        people_involved=2, amount=Decimal(3000), description="a wall on the boundary", risk_flags=[],
        policy=Policy(Rules(), WorkCalendar()), now=NOW, today=date(2026, 3, 2))
    recorded = RecordedEvent("e-1", "d1", "dispute", 1, registered.type, 1, "houtai", registered.payload(), NOW, NOW,
                             {"correlation_id": "c-1", "actor": "mediator-1"})
    on_the_bus = json.loads(recorded.to_json(masked=True))
    envelope = envelope_model(registered.type, type(registered)).model_validate(on_the_bus)
    assert envelope.data.parties[0].id_number != "11010519491231002X"  # masked, and still fits the schema


def test_an_alert_notification_fits_its_documented_model():
    alert = Alert("a-1", "houtai")
    spec = Raise(key="major_dispute:d-1", rule=alerts.Rule.MAJOR_DISPUTE, level=alerts.Level.TOWNSHIP, village="v03",
                 subject=alerts.CaseRef(service="mediation", kind="dispute", id="d-1"), title="t", details={})
    alert.fold(alert.raise_(spec, now=NOW, notifying=Notifying.of(AlertPolicy()), suppression=None))
    alert.fold(alert.acknowledge(by="leader", comment=None, now=NOW))
    body = {"event_id": "e-1", "type": "reporting.alert.acknowledged", "position": 2,
            "occurred_at": NOW.isoformat(), "township": "houtai", "alert": alert_json(alert)}
    assert alerts.AlertNotification.model_validate(body).alert.acknowledged.by == "leader"
