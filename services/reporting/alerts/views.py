"""Alerts, silences and webhooks as read-model documents and as the JSON the API and notifications carry.

An alert document's `severity` column holds the alert's current level (who has it), its
`category` the rule, its `lookup_key` the case it is about — the filters lists and rules use.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fazhi import language
from fazhi.store import Document
from services.reporting.alerts import contract as c
from services.reporting.alerts.domain import Alert, Silence, Webhook
from services.reporting.alerts.domain.duty import DutyShift
from services.reporting.alerts.domain.watch import CaseWatch
from services.reporting.alerts.titles import chinese_title

WATCH = "alert_watch"
VILLAGE_DEADLINE = "village_conclude"


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


def alert_json(a: Alert) -> dict[str, Any]:
    """The alert as subscribers see it (`AlertState`, the documented model, is what builds it)."""
    return alert_state(a).model_dump(mode="json", by_alias=True)


# Code fields shown with their label (`rule_label`, …), by dictionary name.
ALERT_LABELS = {"rule": "rule", "severity": "severity", "level": "level", "status": "alert_status", "held": "hold"}


def show_alert(data: dict[str, Any]) -> dict[str, Any]:
    """An alert as the API shows it: labels beside the codes, the title in the reader's language."""
    from services.reporting.views import DICTIONARY  # the service's dictionary holds the alert codes too

    shown = DICTIONARY.label(data, ALERT_LABELS)
    if language.current() == "zh":
        shown["title"] = chinese_title(data)
    return shown


def alert_state(a: Alert) -> c.AlertState:
    r = a.raised
    assert r is not None
    escalations: list[c.EscalationStep] = []
    acknowledged: c.Acknowledgement | None = None
    released_at: list[datetime] = []
    resolved: c.Resolution | None = None
    for e in a.history:
        match e:
            case c.AlertEscalated():
                escalations.append(c.EscalationStep(from_level=e.from_level, to=e.to_level, repeat=e.repeat,
                                                    at=e.escalated_at, held=e.held))
            case c.AlertAcknowledged():
                acknowledged = c.Acknowledgement(by=e.by, comment=e.comment, at=e.acknowledged_at)
            case c.AlertReleased():
                released_at.append(e.released_at)
            case c.AlertResolved():
                resolved = c.Resolution(by=e.by, reason=e.reason, automatic=e.automatic, at=e.resolved_at)
    return c.AlertState(
        id=a.id, township=a.township, key=r.key, rule=r.rule, severity=r.severity, level=a.level, status=a.shown_status,
        village=r.village, subject=r.subject, title=r.title, details=r.details, cause=r.cause,
        raised_at=r.raised_at, notified=a.notified, held=a.held, held_by=a.held_by, ack_due_at=a.ack_due_at,
        version=a.version, escalations=escalations, acknowledged=acknowledged, released_at=released_at,
        resolved=resolved,
    )


def project_alert(a: Alert) -> list[Document]:
    r = a.raised
    assert r is not None
    return [Document(
        collection=Alert.stream_type, id=a.id, township=a.township, version=a.version, data=alert_json(a),
        status=a.shown_status, village=r.village, category=r.rule, severity=a.level, lookup_key=r.subject.id,
        is_open=a.status is not c.AlertStatus.RESOLVED, created_at=r.raised_at,
    )]


def silence_json(s: Silence, now: datetime | None = None) -> dict[str, Any]:
    created = s.created
    assert created is not None
    body = {
        "id": s.id, "scope": s.township, "author": created.author, "reason": created.reason,
        "matchers": created.matchers.model_dump(mode="json"), "starts_at": created.starts_at.isoformat(),
        "ends_at": _iso(s.ends_at), "ended_by": s.ended_by, "version": s.version,
    }
    if now is not None:
        body["active"] = s.active(now)
    return body


def project_silence(s: Silence) -> list[Document]:
    created = s.created
    assert created is not None
    return [Document(
        collection=Silence.stream_type, id=s.id, township=s.township, version=s.version, data=silence_json(s),
        status="ended" if s.ended_by else "set", category=created.matchers.rule, severity=created.matchers.level,
        is_open=s.ended_by is None, created_at=created.starts_at,
    )]


def webhook_json(w: Webhook) -> dict[str, Any]:
    """A subscription as its admins see it: never a secret, a receiver's target only masked."""
    r = w.registered
    assert r is not None
    body = {
        "id": w.id, "channel": r.channel, "name": r.name, "url": r.url, "township": r.township,
        "rules": list(r.rules), "levels": list(r.levels),
        "registered_by": r.registered_by, "registered_at": r.registered_at.isoformat(), "status": w.status,
        "disabled": ({"reason": w.disabled.reason, "attempts": w.disabled.attempts,
                      "failing_since": w.disabled.failing_since.isoformat(), "at": w.disabled.disabled_at.isoformat()}
                     if w.disabled else None),
        "secret_rotated": ({"at": w.rotated.rotated_at.isoformat(),
                            "previous_expires_at": w.rotated.previous_expires_at.isoformat()} if w.rotated else None),
        "removed": {"by": w.removed.by, "at": w.removed.removed_at.isoformat()} if w.removed else None,
        "version": w.version,
    }
    if r.channel is c.Channel.WEBHOOK:
        del body["name"]
    else:
        body["on_duty"] = r.on_duty
    return body


def family(channel: c.Channel) -> str:
    """Webhooks and the other receivers are listed apart (`lookup_key`)."""
    return "webhook" if channel is c.Channel.WEBHOOK else "receiver"


def project_webhook(w: Webhook) -> list[Document]:
    r = w.registered
    assert r is not None
    return [Document(
        collection=Webhook.stream_type, id=w.id, township=w.township, version=w.version, data=webhook_json(w),
        status=w.status, category=r.channel, lookup_key=family(r.channel), is_open=w.active,
        created_at=r.registered_at,
    )]


def duty_json(d: DutyShift) -> dict[str, Any]:
    s = d.scheduled
    assert s is not None
    return {"id": d.id, "township": s.township, "person": s.person, "role": s.role,
            "starts_at": s.starts_at.isoformat(), "ends_at": s.ends_at.isoformat(), "receivers": s.receivers,
            "scheduled_by": s.scheduled_by, "status": "cancelled" if d.cancelled else "scheduled",
            "cancelled": {"by": d.cancelled.by, "at": d.cancelled.cancelled_at.isoformat()} if d.cancelled else None,
            "version": d.version}


def project_duty(d: DutyShift) -> list[Document]:
    """Listed by start time (`created_at`), so "who is on duty at t" reads the shifts started by t."""
    s = d.scheduled
    assert s is not None
    return [Document(collection=DutyShift.stream_type, id=d.id, township=d.township, version=d.version,
                     data=duty_json(d), status="cancelled" if d.cancelled else "scheduled",
                     is_open=d.cancelled is None, created_at=s.starts_at)]


def watch_documents(w: CaseWatch) -> list[Document]:
    """The case's running deadline, and (a village-level dispute) its time in the village, for the timer."""
    data = w.as_data()
    docs = [Document(collection=WATCH, id=w.case_id, township=w.township, version=w.version, data=data,
                     village=w.village, category=w.kind, due_on=w.due_on, is_open=w.open and w.due_on is not None)]
    if w.kind == "dispute":
        docs.append(Document(collection=WATCH, id=f"{w.case_id}:village", township=w.township, version=w.version,
                             data=data, village=w.village, category=VILLAGE_DEADLINE, due_on=w.village_due_on,
                             is_open=w.open and w.village_due_on is not None))
    return docs


def silence_from_document(doc: Document) -> Silence:
    """A silence back from its list row, to match alerts against without reading its stream."""
    data = doc.data
    silence = Silence(doc.id, doc.township)
    silence.created = c.SilenceCreated(
        silence_id=doc.id, author=data["author"], reason=data["reason"],
        matchers=c.SilenceMatchers.model_validate(data["matchers"]),
        starts_at=datetime.fromisoformat(data["starts_at"]), ends_at=datetime.fromisoformat(data["ends_at"]),
    )
    silence.ends_at, silence.ended_by, silence.version = silence.created.ends_at, data["ended_by"], doc.version
    return silence
