"""Which fact row an event belongs to: one kind per aggregate of the three producer services."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from fazhi.workdays import WorkCalendar
from services.reporting.facts import disclosure, mediation, petition
from services.reporting.facts.fold import Event, Folded

PRODUCERS = ("mediation", "disclosure", "petition")


@dataclass(frozen=True)
class Kind:
    """One aggregate of a producer: `name` is `<service>.<aggregate>`, the prefix of its event types."""

    name: str
    fold: Callable[[Iterable[Event], WorkCalendar], Folded]

    @property
    def collection(self) -> str:
        return f"facts.{self.name}"


def _calendar_free(fold: Callable[[Iterable[Event]], Folded]) -> Callable[[Iterable[Event], WorkCalendar], Folded]:
    def with_calendar(events: Iterable[Event], calendar: WorkCalendar) -> Folded:
        return fold(events)
    return with_calendar


KINDS = {kind.name: kind for kind in (
    Kind("mediation.dispute", _calendar_free(mediation.fold_dispute)),
    Kind("mediation.committee", _calendar_free(mediation.fold_committee)),
    Kind("mediation.screening", _calendar_free(mediation.fold_screening)),
    Kind("disclosure.request", _calendar_free(disclosure.fold_request)),
    Kind("disclosure.publication", disclosure.fold_publication),
    Kind("petition.case", _calendar_free(petition.fold_case)),
    Kind("petition.reception_day", _calendar_free(petition.fold_reception)),
    Kind("petition.suggestion", _calendar_free(petition.fold_suggestion)),
)}
COLLECTIONS = tuple(kind.collection for kind in KINDS.values())


def kind_of(event_type: str) -> Kind | None:
    """`mediation.dispute.registered` → the dispute kind; None for an aggregate reporting does not count."""
    return KINDS.get(event_type.rsplit(".", 1)[0])
