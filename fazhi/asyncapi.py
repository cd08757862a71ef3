"""The AsyncAPI 3.0 document of every subject, generated from the services' contract modules.

faststream lays out servers, channels, operations and messages from one documented
publisher per event type; pydantic writes the payload schemas once for all of them, so
two contracts' types of the same name (mediation's and the alerts' `Level`) keep
distinct names — faststream merges each publisher's schemas by bare class name.
"""

from __future__ import annotations

import importlib
import json
from datetime import datetime
from importlib.metadata import version
from typing import Any, Literal

from faststream.nats import NatsBroker
from faststream.specification import AsyncAPI
from pydantic import BaseModel, Field, create_model
from pydantic.json_schema import models_json_schema

from fazhi.events import DomainEvent, registered_types

CONTRACTS = (
    "services.mediation.contract",
    "services.disclosure.contract",
    "services.petition.contract",
    "services.reporting.contract",
    "services.reporting.alerts.contract",
)
ALERTS_SUBJECT = "fazhi.alerts.{township}.{level}"
ALERTS = "alerts.notification"
LOCAL_NATS = "nats://127.0.0.1:4222"  # what `make run` starts; a county names its own cluster
DESCRIPTION = ("Every subject Fazhi's services publish: `fazhi.<service>.<township>.<aggregate>.<event>`"
               " (CloudEvents envelopes) and alert notifications on `fazhi.alerts.<township>.<level>`.")
TOWNSHIP = {"description": "township code from the county configuration, e.g. houtai"}


class CloudEvent(BaseModel):
    """The envelope every event travels in (CloudEvents 1.0 attributes plus Fazhi's extensions)."""

    specversion: Literal["1.0"]
    id: str = Field(description="event id, also the Nats-Msg-Id header")
    source: str = Field(description="/fazhi/<service>/<township>")
    subject: str = Field(description="the aggregate's stream id")
    time: datetime = Field(description="when it happened")
    datacontenttype: Literal["application/json"]
    township: str
    streamtype: str
    streamversion: int = Field(ge=1, description="the event's version in its stream")
    schemaversion: int = Field(ge=1, description="schema version of data as stored; older ones are upcast on read")
    recordedtime: datetime
    correlationid: str | None
    causationid: str | None
    actor: str | None


def event_types() -> dict[str, type[DomainEvent]]:
    """Every public event type, by type name: those the contract modules define (importing them registers them)."""
    for module in CONTRACTS:
        importlib.import_module(module)
    return {t: cls for t, cls in sorted(registered_types().items()) if _in_contract(cls.__module__)}


def _in_contract(module: str) -> bool:
    return any(module == contract or module.startswith(contract + ".") for contract in CONTRACTS)


def subject_of(event_type: str) -> str:
    service, rest = event_type.split(".", 1)
    return f"fazhi.{service}.{{township}}.{rest}"


def envelope_model(event_type: str, event: type[DomainEvent]) -> type[CloudEvent]:
    """The envelope of one event type, its `data` the event's model (what the document describes)."""
    name = "".join(part.title() for part in event_type.replace("_", ".").split(".")) + "Message"
    doc = f"`{event_type}` in its envelope; people in data are masked."
    return create_model(name, __base__=CloudEvent, __doc__=doc, type=(Literal[event_type], ...), data=(event, ...))


def document() -> dict[str, Any]:
    """The AsyncAPI document as JSON-ready data."""
    from services.reporting.alerts.contract import AlertNotification, Level

    broker = NatsBroker(LOCAL_NATS, description="JetStream: one stream per service (MEDIATION ← fazhi.mediation.>, …)")
    envelopes = []
    for event_type, event in event_types().items():
        envelopes.append(envelope := envelope_model(event_type, event))
        summary = (event.__doc__ or "").strip().split("\n")[0]
        broker.publisher(subject_of(event_type), schema=envelope, title=event_type,
                         description=f"`{event_type}`, schema version {event.schema_version}. {summary}".strip())
    broker.publisher(ALERTS_SUBJECT, schema=AlertNotification, title=ALERTS, description=AlertNotification.__doc__)
    spec = AsyncAPI(broker, title="Fazhi events", version=version("fazhi"), description=DESCRIPTION)
    doc = spec.to_specification().to_jsonable()
    for part in (doc, doc["components"]):  # faststream keeps publishers in a WeakSet: order by name
        for key in ("channels", "operations", "messages"):
            if key in part:
                part[key] = dict(sorted(part[key].items()))
    doc["components"]["schemas"] = _schemas(envelopes, AlertNotification)
    levels = {"description": "who has the alert now", "enum": [level.value for level in Level]}
    for channel in doc["channels"].values():
        channel["parameters"] = {"township": TOWNSHIP} | ({"level": levels} if "{level}" in channel["address"] else {})
    for name, message in doc["components"]["messages"].items():
        del message["correlationId"]  # faststream's default is a header; ours travels in the envelope
        if not name.startswith(ALERTS):
            message |= {"contentType": "application/cloudevents+json",
                        "correlationId": {"location": "$message.payload#/correlationid"}}
    return doc


def _schemas(envelopes: list[type[CloudEvent]], *others: type[BaseModel]) -> dict[str, Any]:
    """Every payload schema in one pydantic pass; envelopes share the CloudEvent attributes through allOf."""
    models = [CloudEvent, *envelopes, *others]
    _, top = models_json_schema([(m, "validation") for m in models], ref_template="#/components/schemas/{model}")
    schemas = top["$defs"]
    common = set(CloudEvent.model_fields)
    for envelope in envelopes:
        full = schemas[envelope.__name__]
        schemas[envelope.__name__] = {
            "title": full["title"], "description": full["description"],
            "allOf": [{"$ref": "#/components/schemas/CloudEvent"}], "type": "object",
            "properties": {k: v for k, v in full["properties"].items() if k not in common},
            "required": [k for k in full["required"] if k not in common],
        }
    return schemas


def render() -> str:
    """The document as the text committed in docs/asyncapi.json."""
    return json.dumps(document(), indent=2, ensure_ascii=False) + "\n"
