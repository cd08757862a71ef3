"""The disclosure desk's year, and `generate()` for the whole county; support for test_reporting_year (no tests)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from fazhi.county import load_county
from services.disclosure import contract as d
from tests.integration.test_reporting_year_data import (
    CALENDAR, SCALE, WITH_ID, YEAR, Plan, Writer, Year, at, committees, day_in, dispute, later, screenings,
)
from tests.integration.test_reporting_year_petition import petitions, receptions, suggestions

OUTCOMES = [d.Outcome.GRANTED] * 6 + [d.Outcome.PARTLY_GRANTED] * 2 + [
    d.Outcome.REFUSED_STATE_SECRET, d.Outcome.UNAVAILABLE_NOT_HELD, d.Outcome.NOT_PROCESSED_REPEAT, d.Outcome.OTHER]


def request(w: Writer, township: str, received: date, answered: date | None) -> None:
    """One application; `answered` None leaves it open, unless the applicant never corrects it."""
    rng, rid = w.rng, w.new_id()
    natural = rng.random() < 0.6
    org = None if natural else rng.choice(list(d.OrgType))
    kind = d.ApplicantType.NATURAL_PERSON if natural else d.ApplicantType.LEGAL_PERSON
    due = CALENDAR.add_workdays(received, 20).on
    emit = lambda event, day: w.emit(rid, "request", township, event, day)  # noqa: E731
    emit(d.RequestReceived(channel=rng.choice(list(d.RequestChannel)), applicant_type=kind, org_type=org,
                           applicant=d.Applicant(name="赵六", id_number=WITH_ID, phone="13912345678"),
                           information_sought="补偿标准", delivery=None, received_on=received,
                           registered_at=at(received), due_on=due), received)
    plan = {"column": "natural_person" if natural else org.value, "received_on": received, "concluded_on": None,
            "outcome": None, "on_time": None, "review": None, "lawsuit": None, "due_on": due}
    concluded = dict(applicant_type=kind, org_type=org, received_on=received)
    if answered is not None and rng.random() < 0.1:  # asked to correct, never did: 其他处理 1
        asked = received + timedelta(days=2)
        emit(d.CorrectionAsked(asked_on=asked, correct_by=asked + timedelta(days=15), missing="内容不明"), asked)
        closed = asked + timedelta(days=16)
        emit(d.RequestAbandoned(outcome=d.Outcome.OTHER_NO_CORRECTION, due_on=None, on_time=True, closed_on=closed,
                                **concluded), closed)
        plan.update(outcome=d.Outcome.OTHER_NO_CORRECTION, concluded_on=closed, on_time=True)
    elif answered is not None:
        extended = answered > due and rng.random() < 0.5
        if extended:
            due = plan["due_on"] = CALENDAR.add_workdays(due, 20).on
            emit(d.RequestExtended(extended_on=received + timedelta(days=20), reason="需调查", approved_by="乡长",
                                   approver_roles=["leader"], extended_due_on=due), received + timedelta(days=20))
        outcome = rng.choice(OUTCOMES)
        emit(d.RequestAnswered(outcome=outcome, due_on=due, on_time=answered <= due, answered_on=answered,
                               extended=extended, summary=None, **concluded), answered)
        plan.update(outcome=outcome, concluded_on=answered, on_time=answered <= due)
        _appeal(w, emit, plan, answered)
    w.year.plans.append(Plan("request", township, plan))


def _appeal(w: Writer, emit, plan: dict, answered: date) -> None:  # type: ignore[no-untyped-def]
    rng = w.rng
    if rng.random() < 0.15 and (filed := later(rng, answered, 5, 30)):
        result = rng.choice(list(d.CaseResult))
        emit(d.AdministrativeReviewRecorded(filed_on=filed, result=d.CaseResult.PENDING), filed)
        if result is not d.CaseResult.PENDING:
            emit(d.AdministrativeReviewDecided(result=result, decided_on=filed), filed)
        plan["review"] = (filed, result)
    elif rng.random() < 0.08 and (filed := later(rng, answered, 5, 30)):
        emit(d.LawsuitRecorded(filed_on=filed, after_review=False, result=d.CaseResult.PENDING), filed)
        plan["lawsuit"] = (filed, False, d.CaseResult.PENDING)


def requests(w: Writer, township: str, count: int) -> None:
    rng = w.rng
    request(w, township, date(YEAR - 1, 12, 10), date(YEAR, 1, 12))  # carried over into the year
    request(w, township, date(YEAR - 1, 12, 1), date(YEAR - 1, 12, 20))  # concluded before it began
    request(w, township, date(YEAR, 12, 21), date(YEAR + 1, 1, 14))  # carried forward, answered in 2027
    request(w, township, date(YEAR, 12, 28), None)  # carried forward, still open
    for _ in range(count):
        received = day_in(rng, date(YEAR, 1, 5), date(YEAR, 11, 30))
        request(w, township, received, later(rng, received, 3, 40))


def publication(w: Writer, township: str) -> None:
    rng, pid = w.rng, w.new_id()
    category = d.Category.REGULATORY_DOCUMENT if rng.random() < 0.3 else rng.choice(list(d.Category))
    formed = day_in(rng, date(YEAR, 1, 5), date(YEAR, 11, 30))
    emit = lambda event, day: w.emit(pid, "publication", township, event, day)  # noqa: E731
    content = dict(title="公告", body="正文", attachment=None, category=category, formed_on=formed)
    emit(d.PublicationDrafted(revision=1, drafted_at=at(formed), **content), formed)
    emit(d.ReviewSubmitted(revision=1, submitted_on=formed), formed)
    plan = {"category": category, "published_on": None, "withdrawn_on": None, "on_time": None,
            "reviews": [("refused", formed)] if rng.random() < 0.2 else []}
    revision = 1
    if plan["reviews"]:
        emit(d.ReviewRefused(revision=1, reviewer="保密员", grounds=[d.RefusalGround.PERSONAL_PRIVACY], comment=None,
                             refused_on=formed), formed)
        revision = 2
        emit(d.PublicationRevised(revision=2, **content), formed)
        emit(d.ReviewSubmitted(revision=2, submitted_on=formed), formed)
    published = later(rng, formed, 1, 40)
    if published is None or rng.random() < 0.1:
        w.year.plans.append(Plan("publication", township, plan))
        return  # still awaiting its review
    emit(d.ReviewApproved(revision=revision, reviewer="保密员", comment=None, approved_on=published), published)
    plan["reviews"].append(("approved", published))
    emit(d.PublicationPublished(revision=revision, channels=[d.Channel.WEBSITE, d.Channel.WECHAT], title="公告",
                                category=category, formed_on=formed, published_at=at(published)), published)
    plan.update(published_on=published, on_time=published <= CALENDAR.add_workdays(formed, 20).on)
    if rng.random() < 0.3 and (withdrawn := later(rng, published, 20, 200)):
        emit(d.PublicationWithdrawn(revision=revision, reason="废止", withdrawn_at=at(withdrawn)), withdrawn)
        plan["withdrawn_on"] = withdrawn
    w.year.plans.append(Plan("publication", township, plan))


def generate(seed: int = 2026) -> Year:
    """The demo county's year: every township, its villages, its desks."""
    rng, year = random.Random(seed), Year()
    w = Writer(year, rng)
    for township in load_county().townships:
        scale = SCALE[township.code]
        villages = [v.code for v in township.villages]
        committees(w, township.code, villages)
        screenings(w, township.code, villages)
        for _ in range(round(50 * scale)):
            dispute(w, township.code, villages)
        requests(w, township.code, round(14 * scale))
        for _ in range(round(10 * scale)):
            publication(w, township.code)
        petitions(w, township.code, villages, round(30 * scale))
        receptions(w, township.code)
        suggestions(w, township.code, round(6 * scale))
    return year

