"""The petition desk's year: cases, reception days, suggestions; support for test_reporting_year (no tests)."""

from __future__ import annotations

from datetime import date, timedelta

from services.petition import contract as p
from tests.integration.test_reporting_year_data import TODAY, WITH_ID, YEAR, Plan, Writer, at, day_in, later

FATES = ["replied"] * 6 + ["declined", "transferred", "referred", "open"]


def petition(w: Writer, township: str, villages: list[str]) -> None:
    rng, cid = w.rng, w.new_id()
    registered = day_in(rng, date(YEAR, 1, 2), date(YEAR, 12, 20))
    group = rng.random() < 0.15
    plan = {"channel": rng.choice(list(p.Channel)), "village": rng.choice([*villages, None]),
            "registered_on": registered,
            "group": group, "bypassed": rng.random() < 0.1, "repeat": rng.random() < 0.15, "decision": None,
            "decided_on": None, "decided_late": None, "replied_on": None, "replied_late": None, "satisfaction": None,
            "referred_on": None, "review_requested_on": None}
    emit = lambda event, day: w.emit(cid, "petition", township, event, day)  # noqa: E731
    person = p.Person(name="钱七", id_number=WITH_ID, phone="13712345678")
    emit(p.CaseRegistered(
        case_id=cid, channel=plan["channel"], petitioners=[person], representatives=[person] if group else [],
        group_size=rng.randint(6, 20) if group else 1, group_visit=group, subject="宅基地", claims=["确权"], matter="宅基地",
        bypassed_level=plan["bypassed"], village=plan["village"], registered_on=registered,
        registered_at=at(registered),
        acceptance_due_on=registered + timedelta(days=15), petitioner_keys=[], matter_keys=[],
        repeat_of=w.new_id() if plan["repeat"] else None, repeat_count=1 if plan["repeat"] else 0,
        earlier_cases=[]), registered)
    w.year.plans.append(Plan("petition", township, plan))
    fate = rng.choice(FATES)
    decided = later(rng, registered, 1, 18)
    if fate == "open" or decided is None:
        return
    late = decided > registered + timedelta(days=15)
    if fate == "referred":
        emit(p.CaseReferredToMediation(case_id=cid, village=plan["village"], category="neighbours", summary="邻里",
                                       parties=[person], people_involved=2, reason="适宜调解", referred_on=decided),
             decided)
        plan["referred_on"] = decided
        return
    plan.update(decided_on=decided, decided_late=late, decision=fate if fate != "replied" else "accepted")
    if fate == "declined":
        emit(p.CaseDeclined(case_id=cid, declined_on=decided, late=late, route=p.Route.LITIGATION, reason="诉讼"),
             decided)
    elif fate == "transferred":
        emit(p.CaseTransferred(case_id=cid, transferred_on=decided, late=late, organ="县人社局", reason="职权"), decided)
    else:
        emit(p.CaseAccepted(case_id=cid, accepted_on=decided, late=late, handling_due_on=decided + timedelta(days=60)),
             decided)
        _reply(w, emit, cid, plan, decided)


def _reply(w: Writer, emit, cid: str, plan: dict, accepted: date) -> None:  # type: ignore[no-untyped-def]
    rng = w.rng
    replied = later(rng, accepted, 10, 70)
    if replied is None:
        return
    emit(p.HandlingRecorded(case_id=cid, step=p.HandlingStep.INVESTIGATION, note="核实", done_on=replied), replied)
    late = replied > accepted + timedelta(days=60)
    emit(p.CaseReplied(case_id=cid, finding=p.Finding.EXPLAINED, content="答复", replied_on=replied, late=late,
                       review_request_by=replied + timedelta(days=30)), replied)
    satisfaction = rng.choice([p.Satisfaction.SATISFIED] * 3 + [p.Satisfaction.BASICALLY, p.Satisfaction.UNSATISFIED])
    emit(p.SatisfactionRecorded(case_id=cid, stage=p.Stage.REPLY, satisfaction=satisfaction, recorded_on=replied),
         replied)
    plan.update(replied_on=replied, replied_late=late, satisfaction=satisfaction)
    if satisfaction is p.Satisfaction.UNSATISFIED and (asked := later(rng, replied, 5, 25)):
        emit(p.ReviewRequested(case_id=cid, organ="县信访局", requested_on=asked,
                               decision_due_on=asked + timedelta(days=30)), asked)
        plan["review_requested_on"] = asked


def petitions(w: Writer, township: str, villages: list[str], count: int) -> None:
    for _ in range(count):
        petition(w, township, villages)


def receptions(w: Writer, township: str) -> None:
    """A leader's reception day each month; every third a joint one; one cancelled."""
    for month in range(1, 13):
        rid, day = w.new_id(), date(YEAR, month, 15)
        joint = month % 3 == 0
        emit = lambda event, on, rid=rid: w.emit(rid, "reception_day", township, event, on)  # noqa: E731
        emit(p.ReceptionScheduled(
            reception_day_id=rid, kind=p.ReceptionKind.JOINT if joint else p.ReceptionKind.LEADER, day=day, place="乡政府",
            leader=None if joint else "乡长", scheduled_on=day - timedelta(days=7),
            participants=[p.Participant(name="人大代表", role=p.ParticipantRole.NPC_DEPUTY)] if joint else []),
            day - timedelta(days=7))
        if month == 8:
            emit(p.ReceptionCancelled(reception_day_id=rid, reason="防汛", cancelled_on=day - timedelta(days=1)),
                 day - timedelta(days=1))
            w.year.plans.append(Plan("reception", township, {"held": False, "joint": joint, "visitors": 0}))
            continue
        emit(p.ReceptionHeld(reception_day_id=rid, held_on=day), day)
        first, second = w.rng.randint(1, 6), w.rng.randint(0, 4)
        emit(p.VisitorsRecorded(reception_day_id=rid, visitors=first, case_ids=[], recorded_on=day), day)
        emit(p.VisitorsRecorded(reception_day_id=rid, visitors=second, case_ids=[], recorded_on=day), day)
        emit(p.ReceptionClosed(reception_day_id=rid, summary="接访", closed_on=day, visitors=first + second,
                               case_ids=[]), day)
        w.year.plans.append(Plan("reception", township, {"held": True, "joint": joint, "visitors": first + second}))


def suggestions(w: Writer, township: str, count: int) -> None:
    rng = w.rng
    for _ in range(count):
        sid, received = w.new_id(), day_in(rng, date(YEAR, 1, 5), date(YEAR, 9, 30))
        emit = lambda event, on, sid=sid: w.emit(sid, "suggestion", township, event, on)  # noqa: E731
        emit(p.SuggestionReceived(suggestion_id=sid, kind=rng.choice(list(p.SuggestionKind)), author="代表",
                                  title="修路", content="建议", received_on=received, received_at=at(received)), received)
        due = received + timedelta(days=91)
        emit(p.SuggestionAssigned(suggestion_id=sid, office="党政办", complex=False, months=3, assigned_on=received,
                                  answer_due_on=due), received)
        answered = later(rng, received, 30, 110)
        plan = {"answered_on": answered, "late": None, "feedback": None}
        if answered is not None and answered <= TODAY:
            emit(p.SuggestionAnswered(suggestion_id=sid, answer="已办", answered_on=answered, late=answered > due,
                                      round=1), answered)
            feedback = rng.choice([p.Satisfaction.SATISFIED, p.Satisfaction.BASICALLY])
            emit(p.FeedbackRecorded(suggestion_id=sid, feedback=feedback, note="满意", recorded_on=answered, round=1),
                 answered)
            plan.update(late=answered > due, feedback=feedback)
        w.year.plans.append(Plan("suggestion", township, plan))
