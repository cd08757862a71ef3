"""Domain events, their upcasting, and the CloudEvents envelope they travel in.

A service's public events are `DomainEvent` subclasses in its `contract` module;
the only thing another service may import from it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

SPECVERSION = "1.0"

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
_registry: dict[str, type[DomainEvent]] = {}
_upcasters: dict[tuple[str, int], Upcaster] = {}


class DomainEvent(BaseModel):
    """A fact in past tense. Subclasses set `type` (`<service>.<aggregate>.<event>`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: ClassVar[str]
    schema_version: ClassVar[int] = 1

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "type" in cls.__dict__:
            _registry[cls.type] = cls

    def payload(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def upcaster(event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Register a function turning `from_version` data into `from_version + 1` data."""

    def register(fn: Upcaster) -> Upcaster:
        _upcasters[(event_type, from_version)] = fn
        return fn

    return register


def decode(event_type: str, schema_version: int, data: dict[str, Any]) -> DomainEvent:
    """Rebuild a typed event from stored data, upcasting old schema versions on the way."""
    cls = _registry.get(event_type)
    if cls is None:
        raise LookupError(f"unknown event type {event_type!r}")
    while schema_version < cls.schema_version:
        data = _upcasters[(event_type, schema_version)](data)
        schema_version += 1
    return cls.model_validate(data)


@dataclass(frozen=True)
class NewEvent:
    """An event about to be appended: type, payload and schema version."""

    type: str
    data: dict[str, Any]
    schema_version: int = 1

    @classmethod
    def of(cls, event: DomainEvent) -> NewEvent:
        return cls(event.type, event.payload(), event.schema_version)


@dataclass(frozen=True)
class RecordedEvent:
    """An event as stored: the row of the event table, and the message on the bus."""

    event_id: str
    stream_id: str
    stream_type: str
    version: int
    type: str
    schema_version: int
    township: str
    data: dict[str, Any]
    occurred_at: datetime
    recorded_at: datetime
    metadata: dict[str, Any] = field(default_factory=dict)
    position: int | None = None

    @property
    def service(self) -> str:
        return self.type.split(".", 1)[0]

    @property
    def subject(self) -> str:
        """`fazhi.<service>.<township>.<aggregate>.<event>`."""
        service, rest = self.type.split(".", 1)
        return f"fazhi.{service}.{self.township}.{rest}"

    def decoded(self) -> DomainEvent:
        return decode(self.type, self.schema_version, self.data)

    def to_cloudevent(self, *, masked: bool = False) -> dict[str, Any]:
        """The envelope; `masked` hides the people in it (how it travels on the bus)."""
        from fazhi.pii import mask_payload

        meta = self.metadata
        return {
            "specversion": SPECVERSION,
            "id": self.event_id,
            "source": f"/fazhi/{self.service}/{self.township}",
            "type": self.type,
            "subject": self.stream_id,
            "time": self.occurred_at.isoformat(),
            "datacontenttype": "application/json",
            "data": mask_payload(self.data) if masked else self.data,
            "township": self.township,
            "streamtype": self.stream_type,
            "streamversion": self.version,
            "schemaversion": self.schema_version,
            "recordedtime": self.recorded_at.isoformat(),
            "correlationid": meta.get("correlation_id"),
            "causationid": meta.get("causation_id"),
            "actor": meta.get("actor"),
        }

    def to_json(self, *, masked: bool = False) -> bytes:
        return json.dumps(self.to_cloudevent(masked=masked), ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def from_cloudevent(cls, ce: dict[str, Any], position: int | None = None) -> RecordedEvent:
        return cls(
            event_id=ce["id"],
            stream_id=ce["subject"],
            stream_type=ce["streamtype"],
            version=int(ce["streamversion"]),
            type=ce["type"],
            schema_version=int(ce.get("schemaversion", 1)),
            township=ce["township"],
            data=ce["data"],
            occurred_at=datetime.fromisoformat(ce["time"]),
            recorded_at=datetime.fromisoformat(ce.get("recordedtime") or ce["time"]),
            metadata={
                k: v
                for k, v in (
                    ("correlation_id", ce.get("correlationid")),
                    ("causation_id", ce.get("causationid")),
                    ("actor", ce.get("actor")),
                )
                if v is not None
            },
            position=position,
        )

    @classmethod
    def from_json(cls, body: bytes, position: int | None = None) -> RecordedEvent:
        return cls.from_cloudevent(json.loads(body), position)
