"""Domain events, their upcasting, and the CloudEvents envelope they travel in.

A service's public events are `DomainEvent` subclasses in its `contract` module;
the only thing another service may import from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

import orjson
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


def registered_types() -> dict[str, type[DomainEvent]]:
    """Every event type defined so far (importing a contract module registers its events)."""
    return dict(_registry)


def event_class(event_type: str) -> type[DomainEvent] | None:
    """The class registered for `event_type`, or None (the relay asks for every event it publishes)."""
    return _registry.get(event_type)


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


_FIELDS = ("event_id", "stream_id", "stream_type", "version", "type", "schema_version", "township", "data",
           "occurred_at", "recorded_at", "metadata", "position")
_decode_json = orjson.loads


class RecordedEvent:
    """An event as stored: the row of the event table, and the message on the bus.

    Immutable by convention. Read from the event table, `data` and `metadata` stay the
    JSON text they were stored as until first used: a catch-up read, and the relay for
    events that carry no person, never parse them.
    """

    __slots__ = ("event_id", "stream_id", "stream_type", "version", "type", "schema_version", "township",
                 "occurred_at", "recorded_at", "position", "_data", "_metadata", "_data_json", "_metadata_json")

    def __init__(self, event_id: str, stream_id: str, stream_type: str, version: int, type: str,
                 schema_version: int, township: str, data: dict[str, Any], occurred_at: datetime,
                 recorded_at: datetime, metadata: dict[str, Any] | None = None, position: int | None = None) -> None:
        self.event_id, self.stream_id, self.stream_type, self.version = event_id, stream_id, stream_type, version
        self.type, self.schema_version, self.township = type, schema_version, township
        self.occurred_at, self.recorded_at, self.position = occurred_at, recorded_at, position
        self._data, self._metadata = data, metadata if metadata is not None else {}
        self._data_json = self._metadata_json = None

    @classmethod
    def stored(cls, event_id: str, stream_id: str, stream_type: str, version: int, type: str, schema_version: int,
               township: str, data_json: str, occurred_at: datetime, recorded_at: datetime, metadata_json: str,
               position: int) -> RecordedEvent:
        """From a stored row whose `data` and `metadata` are JSON text as the store wrote it."""
        event = cls.__new__(cls)
        event.event_id, event.stream_id, event.stream_type, event.version = event_id, stream_id, stream_type, version
        event.type, event.schema_version, event.township = type, schema_version, township
        event.occurred_at, event.recorded_at, event.position = occurred_at, recorded_at, position
        event._data = event._metadata = None
        event._data_json, event._metadata_json = data_json, metadata_json
        return event

    @property
    def data(self) -> dict[str, Any]:
        if self._data is None:
            self._data = _decode_json(self._data_json)
        return self._data

    @property
    def metadata(self) -> dict[str, Any]:
        if self._metadata is None:
            self._metadata = _decode_json(self._metadata_json)
        return self._metadata

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecordedEvent):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _FIELDS)

    __hash__ = None  # type: ignore[assignment]  # equal by value, and holds dicts

    def __repr__(self) -> str:
        return f"RecordedEvent({', '.join(f'{name}={getattr(self, name)!r}' for name in _FIELDS)})"

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

    def to_cloudevent(self, *, masked: bool = False, data: Any = ...) -> dict[str, Any]:
        """The envelope; `masked` masks the personal data its type marks (how it travels on the bus)."""
        from fazhi.pii import mask_event

        if data is ...:
            data = mask_event(self.type, self.data) if masked else self.data
        meta = self.metadata
        return {
            "specversion": SPECVERSION,
            "id": self.event_id,
            "source": f"/fazhi/{self.service}/{self.township}",
            "type": self.type,
            "subject": self.stream_id,
            "time": self.occurred_at.isoformat(),
            "datacontenttype": "application/json",
            "data": data,
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
        from fazhi.pii import shape_of_event

        if self._data is None and (not masked or shape_of_event(self.type) == {}):
            # Stored JSON of a type that marks no personal data goes out as it is, unparsed.
            envelope = self.to_cloudevent(data=None)
            del envelope["data"]
            return b'{"data":' + self._data_json.encode() + b"," + orjson.dumps(envelope)[1:]
        return orjson.dumps(self.to_cloudevent(masked=masked))

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
        return cls.from_cloudevent(orjson.loads(body), position)
