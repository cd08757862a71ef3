"""What the alert timer watches of other services' cases: the deadline running now, folded from their events.

A case's watch advances one producer stream version at a time; an event that arrives
ahead of one still missing is refused (`OutOfOrder`) and redelivered later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from fazhi.county import Rules
from fazhi.events import DomainEvent, RecordedEvent
from services.disclosure import contract as dc
from services.mediation import contract as mc
from services.petition import contract as pc

# Event type prefix → (service, kind) of the cases watched.
WATCHED = {
    "mediation.dispute.": ("mediation", "dispute"),
    "disclosure.request.": ("disclosure", "request"),
    "petition.case.": ("petition", "case"),
    "petition.suggestion.": ("petition", "suggestion"),
}


class OutOfOrder(Exception):
    """An event came before an earlier one of its case; the subscription retries it."""


@dataclass(frozen=True)
class CaseWatch:
    """One case: the deadline it is running against (none while paused or concluded)."""

    service: str
    kind: str
    case_id: str
    township: str
    version: int
    open: bool = True
    due_on: date | None = None
    what: str | None = None  # conclude, reply, accept, handle, review, recheck, answer
    village: str | None = None
    level: str | None = None  # a dispute's committee level
    village_due_on: date | None = None  # a village-level dispute's time to conclude in the village

    def as_data(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.__dict__.items()}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> CaseWatch:
        dates = {k: date.fromisoformat(data[k]) if data.get(k) else None for k in ("due_on", "village_due_on")}
        return cls(**{**data, **dates})


def watched(event: RecordedEvent) -> tuple[str, str] | None:
    """(service, kind) when the event belongs to a case the timer watches."""
    return next((sk for prefix, sk in WATCHED.items() if event.type.startswith(prefix)), None)


def advance(watch: CaseWatch | None, event: RecordedEvent, rules: Rules) -> CaseWatch | None:
    """The watch after `event`; the same watch when it was applied before; `OutOfOrder` on a gap."""
    kind = watched(event)
    if kind is None:
        return watch
    current = watch.version if watch else 0
    if event.version <= current:
        return watch
    if event.version > current + 1:
        raise OutOfOrder(f"{event.type} v{event.version} of {event.stream_id} before v{current + 1}")
    base = watch or CaseWatch(*kind, case_id=event.stream_id, township=event.township, version=0)
    step = _BY_TYPE.get(event.type)
    changed = step(base, event.decoded(), rules) if step else base  # decoded only when it matters
    return replace(changed, version=event.version)


def _concluded(w: CaseWatch, *_: Any) -> CaseWatch:
    return replace(w, open=False, due_on=None, what=None, village_due_on=None)


def _paused(w: CaseWatch, *_: Any) -> CaseWatch:
    return replace(w, due_on=None)  # correction or consultation: the reply clock stops


def _due(field: str, what: str | None = None) -> Callable[[CaseWatch, DomainEvent, Rules], CaseWatch]:
    def step(w: CaseWatch, e: DomainEvent, _: Rules) -> CaseWatch:
        return replace(w, open=True, due_on=getattr(e, field), what=what or w.what)
    return step


def _dispute_registered(w: CaseWatch, e: mc.DisputeRegistered, rules: Rules) -> CaseWatch:
    in_village = e.level is mc.Level.VILLAGE
    village_due = e.registered_on + timedelta(days=rules.village_conclude_days) if in_village else None
    return replace(w, due_on=e.due_on, what="conclude", village=e.village, level=e.level,
                   village_due_on=village_due)


def _dispute_escalated(w: CaseWatch, e: mc.DisputeEscalated, _: Rules) -> CaseWatch:
    if e.to_level is mc.EscalationLevel.COUNTY:
        return replace(_concluded(w), level=e.to_level)  # with the county now: off the township's desk
    return replace(w, level=e.to_level, due_on=e.due_on, village_due_on=None)


def _petition_registered(w: CaseWatch, e: pc.CaseRegistered, _: Rules) -> CaseWatch:
    return replace(w, due_on=e.acceptance_due_on, what="accept", village=e.village)


_STEPS: dict[type, Callable[[CaseWatch, Any, Rules], CaseWatch]] = {
    mc.DisputeRegistered: _dispute_registered,
    mc.DisputeAccepted: _due("due_on"),
    mc.DisputeReopened: _due("due_on", "conclude"),
    mc.DisputeEscalated: _dispute_escalated,
    mc.DisputeDeclined: _concluded, mc.AgreementReached: _concluded,
    mc.MediationFailed: _concluded, mc.DisputeClosed: _concluded,
    dc.RequestReceived: _due("due_on", "reply"),
    dc.CorrectionAsked: _paused, dc.ConsultationStarted: _paused,
    dc.CorrectionReceived: _due("due_on"), dc.ConsultationAnswered: _due("due_on"),
    dc.RequestExtended: _due("extended_due_on"),
    dc.RequestAnswered: _concluded, dc.RequestAbandoned: _concluded,
    pc.CaseRegistered: _petition_registered,
    pc.CaseAccepted: _due("handling_due_on", "handle"), pc.HandlingExtended: _due("handling_due_on"),
    pc.ReviewRequested: _due("decision_due_on", "review"), pc.RecheckRequested: _due("decision_due_on", "recheck"),
    pc.CaseDeclined: _concluded, pc.CaseTransferred: _concluded, pc.CaseReferredToMediation: _concluded,
    pc.CaseReplied: _concluded, pc.CaseReviewed: _concluded, pc.CaseRechecked: _concluded,
    pc.CaseClosed: _concluded,
    pc.SuggestionAssigned: _due("answer_due_on", "answer"), pc.RehandlingStarted: _due("answer_due_on", "answer"),
    pc.SuggestionAnswered: _concluded,
}
_BY_TYPE = {cls.type: step for cls, step in _STEPS.items()}
