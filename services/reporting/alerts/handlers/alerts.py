"""Alert commands: raise (rules and timer), acknowledge and resolve (people), climb and release (timer)."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from fazhi.commands import create, execute, load, stream_id_for
from fazhi.service import Runtime
from fazhi.store import DocumentQuery
from services.reporting.alerts.contract import Hold, Level, Rule, Severity
from services.reporting.alerts.domain import Alert, Notifying, Raise, Silence, Suppression
from services.reporting.alerts.domain.policy import INHIBITED_BY_MAJOR
from services.reporting.alerts.views import project_alert, silence_from_document


SILENCES_TTL_SECONDS = 1.0
_SILENCES: WeakKeyDictionary[Any, tuple[float, list[Silence]]] = WeakKeyDictionary()  # per event store


def alert_id(township: str, key: str) -> str:
    """An alert's id follows from its dedup key: a rule firing twice lands on the same stream."""
    return stream_id_for(Alert.stream_type, township, key)


def notifying(runtime: Runtime) -> Notifying:
    return Notifying.of(runtime.county.alerts)


async def raise_alert(runtime: Runtime, township: str, spec: Raise, metadata: dict[str, Any], *,
                      look_first: bool = True) -> bool:
    """Raise one alert per key; True when this call raised it.

    `look_first` skips the write when the alert exists (the timer fires the same keys every
    tick); a rule firing on a fresh event goes straight to the append, the fast path.
    """
    store = runtime.store
    if look_first and await store.get_document(Alert.stream_type, alert_id(township, spec.key)) is not None:
        return False
    now = runtime.clock.now()
    suppression = await suppression_for(runtime, township, spec.rule, spec.level, spec.severity, spec.subject.id, now)
    _, created = await create(
        store, Alert, township,
        lambda a: a.raise_(spec, now=now, notifying=notifying(runtime), suppression=suppression),
        metadata=metadata, project=project_alert, idempotency_key=spec.key,
    )
    return created


async def suppression_for(runtime: Runtime, township: str, rule: Rule, level: Level, severity: Severity,
                          case_id: str, now: datetime) -> Suppression | None:
    """The case's open major-dispute alert (inhibition) or a matching silence, if any holds this back."""
    store = runtime.store
    if rule in INHIBITED_BY_MAJOR:
        major = await store.get_document(Alert.stream_type, alert_id(township, f"{Rule.MAJOR_DISPUTE}:{case_id}"))
        if major is not None and major.is_open:
            return Suppression(Hold.INHIBITED, major.id)
    for silence in await silences_set(runtime):
        if silence.matches(township=township, rule=rule, level=level, severity=severity, now=now):
            return Suppression(Hold.SILENCED, silence.id)
    return None


async def silences_set(runtime: Runtime) -> list[Silence]:
    """Every silence not ended, read at most once a second (another replica's new silence counts within it)."""
    cached = _SILENCES.get(runtime.store)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    page = await runtime.store.list_documents(DocumentQuery(Silence.stream_type, township=None, is_open=True,
                                                            limit=1000))
    silences = [silence_from_document(doc) for doc in page.items]
    _SILENCES[runtime.store] = (time.monotonic() + SILENCES_TTL_SECONDS, silences)
    return silences


def forget_silences(runtime: Runtime) -> None:
    """This process changed a silence: read them again next time."""
    _SILENCES.pop(runtime.store, None)


async def acknowledge(runtime: Runtime, township: str, id: str, *, comment: str | None,
                      metadata: dict[str, Any], if_match: int | None) -> Alert:
    now = runtime.clock.now()
    return await execute(runtime.store, Alert, id, township,
                         lambda a: a.acknowledge(by=metadata["actor"], comment=comment, now=now),
                         metadata=metadata, project=project_alert, if_match=if_match)


async def resolve(runtime: Runtime, township: str, id: str, *, reason: str, metadata: dict[str, Any],
                  automatic: bool = False, if_match: int | None = None) -> Alert:
    now = runtime.clock.now()
    return await execute(runtime.store, Alert, id, township,
                         lambda a: a.resolve(by=metadata["actor"], reason=reason, automatic=automatic, now=now),
                         metadata=metadata, project=project_alert, if_match=if_match)


async def resolve_for_case(runtime: Runtime, township: str, case_id: str, rules: frozenset[Rule], reason: str,
                           metadata: dict[str, Any]) -> int:
    """Resolve the open alerts of `rules` about a case, because the case changed; how many were resolved."""
    page = await runtime.store.list_documents(
        DocumentQuery(Alert.stream_type, township=township, lookup_key=case_id, is_open=True, limit=200))
    hits = [doc for doc in page.items if doc.category in rules]
    for doc in hits:
        await resolve(runtime, township, doc.id, reason=reason, metadata=metadata, automatic=True)
    return len(hits)


async def escalate_or_release(runtime: Runtime, township: str, id: str, metadata: dict[str, Any]) -> Alert:
    """The timer's look at one open alert: climb if its time passed unacknowledged, send it if no longer held."""
    now, policy = runtime.clock.now(), notifying(runtime)
    alert = await load(runtime.store, Alert, id, township)
    assert alert.raised is not None
    suppression = await suppression_for(runtime, township, alert.rule, alert.level_at(now), alert.severity,
                                        alert.raised.subject.id, now)
    return await execute(
        runtime.store, Alert, id, township,
        lambda a: a.escalate(now=now, notifying=policy, suppression=suppression)
        or a.release(now=now, notifying=policy, suppression=suppression),
        metadata=metadata, project=project_alert,
    )
