"""A generated year (2026) of the demo county, as the producers' events; support for test_reporting_year (no tests).

Events are built from the producers' contract classes, so they stay in step with them. Every case is
also kept as a plain plan (dates and outcomes), from which the tests count the expected figures
without any of the reporting service's code. Requests cross New Year both ways: some received in
December 2025 are answered in 2026, some received in December 2026 are answered in 2027 or still open.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from fazhi.events import DomainEvent, RecordedEvent
from fazhi.workdays import WorkCalendar
from services.mediation import contract as m

YEAR = 2026
TODAY = date(2027, 1, 20)
SCALE = {"houtai": 1.0, "zhoutang": 0.5, "chengguan": 0.5}
CALENDAR = WorkCalendar()
WITH_ID = "11010519491231002X"


@dataclass
class Plan:
    """One case as generated: `kind`, where, and the dates of what happened to it (None: it did not)."""

    kind: str
    township: str
    facts: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.facts[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class Year:
    """The generated events (in publishing order) and the plans they came from."""

    events: list[RecordedEvent] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)

    def of(self, kind: str, township: str | None = None) -> list[Plan]:
        return [x for x in self.plans if x.kind == kind and township in (None, x.township)]


class Writer:
    """Appends contract events to streams, numbering versions as the producers' event stores would."""

    def __init__(self, year: Year, rng: random.Random) -> None:
        self.year, self.rng, self.versions = year, rng, {}

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128)))

    def emit(self, stream_id: str, stream_type: str, township: str, event: DomainEvent, day: date) -> None:
        version = self.versions[stream_id] = self.versions.get(stream_id, 0) + 1
        at = datetime.combine(day, time(2), UTC)  # 10:00 in the county
        self.year.events.append(RecordedEvent(
            self.new_id(), stream_id, stream_type, version, event.type, event.schema_version, township,
            event.payload(), at, at, {"actor": "generator"}))


def at(day: date) -> datetime:
    return datetime.combine(day, time(2), UTC)


def day_in(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def later(rng: random.Random, day: date, low: int, high: int) -> date | None:
    """A day `low`..`high` days after `day`, or None when that is after today (it has not happened yet)."""
    result = day + timedelta(days=rng.randint(low, high))
    return result if result <= TODAY else None


# -- mediation -------------------------------------------------------------------------------

def committees(w: Writer, township: str, villages: list[str]) -> None:
    for village in [None, *villages]:
        full_time = (2 if village is None else w.rng.randint(0, 1))
        members = [m.Member(name=f"委员{i}", gender=m.Gender.FEMALE if i == 0 else m.Gender.MALE,
                            position=m.Position.CHAIR if i == 0 else m.Position.MEMBER,
                            kind=m.MediatorKind.FULL_TIME if i < full_time else m.MediatorKind.PART_TIME)
                   for i in range(w.rng.randint(3, 5))]
        level = m.Level.TOWNSHIP if village is None else m.Level.VILLAGE
        cid = w.new_id()
        w.emit(cid, "committee", township, m.CommitteeRegistered(
            committee_id=cid, level=level, village=village, name=f"{village or township}调委会", members=members,
            term_start=date(2025, 1, 1), term_end=date(2027, 12, 31)), date(2025, 1, 1))
        w.year.plans.append(Plan("committee", township, {"level": level, "village": village, "full_time": full_time}))


def screenings(w: Writer, township: str, villages: list[str]) -> None:
    for village in villages:
        for month in range(1, 13):
            if w.rng.random() < 0.25:
                continue  # this village skipped a month
            found = w.rng.choice([0, 0, 1, 2])
            reported = date(YEAR, month, 28)
            rid = w.new_id()
            w.emit(rid, "screening", township, m.ScreeningReported(
                round_id=rid, village=village, month=f"{YEAR}-{month:02d}",
                dispute_ids=[w.new_id() for _ in range(found)],
                zero_report=found == 0, reported_on=reported), reported)
            w.year.plans.append(Plan("screening", township, {"village": village, "zero": found == 0}))


def dispute(w: Writer, township: str, villages: list[str]) -> None:
    rng = w.rng
    did, village = w.new_id(), rng.choice([*villages, None])
    level = m.Level.TOWNSHIP if village is None else m.Level.VILLAGE
    registered = day_in(rng, date(YEAR, 1, 1), date(YEAR, 12, 31))
    category = rng.choice(list(m.Category))
    fate = rng.choice(["agreed"] * 5 + ["escalated_agreed", "failed", "failed", "county", "declined", "open"])
    plan = {"village": village, "level": level, "category": category, "registered_on": registered, "agreed_on": None,
            "agreed_level": None, "failed_on": None, "county_on": None, "confirmed_on": None, "follow_ups": [],
            "performance": None, "performance_on": None, "major": fate == "county"}
    emit = lambda event, day: w.emit(did, "dispute", township, event, day)  # noqa: E731
    emit(m.DisputeRegistered(
        dispute_id=did, level=level, village=village, source=rng.choice(list(m.Source)), category=category,
        parties=[m.Party(name="张三", id_number=WITH_ID, phone="13812345678"), m.Party(name="李四")],
        people_involved=6 if plan["major"] else 2, amount=None, description="纠纷", risk_flags=[],
        registered_on=registered, registered_at=at(registered), due_on=registered + timedelta(days=30)), registered)
    emit(m.DisputeClassified(dispute_id=did, severity="major" if plan["major"] else "normal",
                             reasons=["people_involved"] if plan["major"] else [], previous_severity=None,
                             level=level, village=village, category=category, classified_on=registered), registered)
    if fate == "declined":
        emit(m.DisputeDeclined(dispute_id=did, grounds=m.DeclineGrounds.PARTY_REFUSED, reason="拒绝",
                               declined_on=registered), registered)
    elif fate != "open":
        _mediate(w, emit, did, plan, fate, registered)
    w.year.plans.append(Plan("dispute", township, plan))


def _mediate(w: Writer, emit: Any, did: str, plan: dict[str, Any], fate: str, registered: date) -> None:
    rng = w.rng
    accepted = later(rng, registered, 0, 2)
    if accepted is None:
        return
    emit(m.DisputeAccepted(dispute_id=did, accepted_on=accepted, due_on=accepted + timedelta(days=30)), accepted)
    session = later(rng, accepted, 1, 5)
    if session is None:
        return
    emit(m.SessionRecorded(dispute_id=did, held_on=session, mediator="王调解", summary="听取双方"), session)
    level = plan["level"]
    if fate == "escalated_agreed" and level == m.Level.VILLAGE:
        emit(m.DisputeEscalated(dispute_id=did, from_level=level, to_level=m.EscalationLevel.TOWNSHIP, reason="村级未果",
                                escalated_on=session, due_on=session + timedelta(days=30)), session)
        level = m.Level.TOWNSHIP
    ended = later(rng, session, 1, 10)
    if ended is None:
        return
    if fate == "county":
        emit(m.DisputeEscalated(dispute_id=did, from_level=level, to_level=m.EscalationLevel.COUNTY, reason="重大",
                                escalated_on=ended, due_on=None), ended)
        plan["county_on"] = ended
    elif fate == "failed":
        emit(m.MediationFailed(dispute_id=did, failed_on=ended, reason="分歧大", routes_told=[m.Route.COURT]), ended)
        plan["failed_on"] = ended
    else:
        _agree(w, emit, did, plan, level, ended)


def _agree(w: Writer, emit: Any, did: str, plan: dict[str, Any], level: str, agreed: date) -> None:
    rng = w.rng
    emit(m.AgreementReached(
        dispute_id=did, form=m.AgreementForm.ORAL, agreed_on=agreed, parties=[m.Party(name="张三")], facts=None,
        points_in_dispute=None, terms=[], oral_content="赔偿", performance_deadline=agreed + timedelta(days=20),
        confirmation_by=agreed + timedelta(days=30)), agreed)
    plan.update(agreed_on=agreed, agreed_level=level)
    if rng.random() < 0.3 and (applied := later(rng, agreed, 1, 20)):
        emit(m.ConfirmationApplied(dispute_id=did, applied_on=applied, court="睢县人民法院"), applied)
        plan["confirmed_on"] = applied
    checked = later(rng, agreed, 15, 40)
    if checked is None:
        return
    performance = rng.choice([m.Performance.FULL] * 4 + [m.Performance.PARTIAL])
    emit(m.PerformanceRecorded(dispute_id=did, performance=performance, checked_on=checked, note="回访"), checked)
    emit(m.FollowUpRecorded(dispute_id=did, visited_on=checked, visited_by="王调解", findings="履行"), checked)
    emit(m.DisputeClosed(dispute_id=did, closed_on=checked, outcome=m.DisputeStatus.AGREED), checked)
    plan.update(performance=performance, performance_on=checked, follow_ups=[checked])
