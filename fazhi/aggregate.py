"""Aggregate base: state is a fold of events; commands return new events."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import ClassVar, Self

from fazhi.errors import NotFound
from fazhi.events import DomainEvent, RecordedEvent


class Aggregate(ABC):
    """Subclasses set `stream_type`, implement `apply(event)`, and command methods
    that check invariants and return the events they would cause (never mutate).

    `version` is the number of events folded in: the stream version, the ETag.
    """

    stream_type: ClassVar[str]

    def __init__(self, id: str, township: str) -> None:
        self.id = id
        self.township = township
        self.version = 0

    @abstractmethod
    def apply(self, event: DomainEvent) -> None:
        """Change state by one event; the only place state changes."""

    @property
    def exists(self) -> bool:
        return self.version > 0

    def fold(self, events: Iterable[DomainEvent]) -> Self:
        """Apply events in order; used for history and for events a command just returned."""
        for event in events:
            self.apply(event)
            self.version += 1
        return self

    @classmethod
    def from_history(cls, id: str, township: str, history: Iterable[RecordedEvent]) -> Self:
        """Rebuild from the stored stream; a stream of another township is not found."""
        aggregate = cls(id, township)
        for recorded in history:
            if recorded.township != township:
                raise NotFound(f"{cls.stream_type} {id} not found in township {township}", field="id")
            aggregate.apply(recorded.decoded())
            aggregate.version = recorded.version
        return aggregate
