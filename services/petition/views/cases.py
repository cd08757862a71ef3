"""Petition cases as read-model documents, and the repeat keys that find them."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.recount import PERIODS, period, periods_json, recounted
from fazhi.store import Document
from fazhi.workdays import WorkCalendar
from services.petition import contract as c
from services.petition.domain import PetitionCase
from services.petition.domain.periods import ACCEPTANCE_DAYS, DECISION_DAYS, HANDLING_DAYS, REQUEST_DAYS

KEYS = "petition_key"  # one document per (case, identified petitioner): the repeat lookup
DECISIONS = {c.CaseAccepted: "accept", c.CaseDeclined: "decline", c.CaseTransferred: "transfer"}


def _json(value: Any) -> Any:
    return value.model_dump(mode="json", exclude={"case_id"}) if value is not None else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def deadlines(p: PetitionCase) -> dict[str, str | None]:
    """Every deadline the case has had, by name (the current one is `due_on`)."""
    return {
        "acceptance_by": _iso(p.reg.acceptance_due_on), "handling_by": _iso(p.handling_due_on),
        "review_request_by": _iso(p.written_reply.review_request_by if p.written_reply else None),
        "review_decision_by": _iso(p.review.decision_due_on if p.review else None),
        "recheck_request_by": _iso(p.reviewed.recheck_request_by if p.reviewed else None),
        "recheck_decision_by": _iso(p.recheck.decision_due_on if p.recheck else None),
    }


DEADLINES = ("acceptance_by", "handling_by", "review_request_by", "review_decision_by", "recheck_request_by",
             "recheck_decision_by")


def deadline_periods(p: PetitionCase) -> dict[str, list[Any]]:
    """What each deadline counts, so that a later holiday notice can count it again (fazhi/recount.py)."""
    accepted = p.decision.accepted_on if isinstance(p.decision, c.CaseAccepted) else None
    extra = p.extension.days if p.extension else 0
    reply, review, reviewed, recheck = p.written_reply, p.review, p.reviewed, p.recheck
    return periods_json({
        "acceptance_by": period(p.received_on, ACCEPTANCE_DAYS) if p.reg.received_on else None,
        "handling_by": period(accepted, HANDLING_DAYS + extra),
        "review_request_by": period(reply.replied_on if reply else None, REQUEST_DAYS),
        "review_decision_by": period(review.requested_on if review else None, DECISION_DAYS),
        "recheck_request_by": period(reviewed.decided_on if reviewed else None, REQUEST_DAYS),
        "recheck_decision_by": period(recheck.requested_on if recheck else None, DECISION_DAYS),
    })


def search_text(p: PetitionCase) -> str:
    """What a search by name looks in: the petitioners' and representatives' names."""
    return "\n".join(person.name for person in [*p.reg.petitioners, *p.reg.representatives])


def case_data(p: PetitionCase) -> dict[str, Any]:
    """The whole case as JSON (without `overdue` and the chain, which are read-time facts)."""
    reg = p.reg
    decision = {"decision": DECISIONS[type(p.decision)], **_json(p.decision)} if p.decision else None
    return {
        "id": p.id, "township": p.township, "case_number": reg.case_number, "query_code": reg.query_code,
        "status": p.status, "channel": reg.channel, "received_on": p.received_on.isoformat(),
        "registered_at": reg.registered_at.isoformat(),
        "petitioners": [_json(x) for x in reg.petitioners], "representatives": [_json(x) for x in reg.representatives],
        "group_size": reg.group_size, "group_visit": reg.group_visit, "subject": reg.subject,
        "claims": list(reg.claims), "matter": reg.matter, "bypassed_level": reg.bypassed_level,
        "village": reg.village, "registered_on": reg.registered_on.isoformat(),
        "matter_keys": list(reg.matter_keys), "repeat_of": reg.repeat_of, "repeat_count": reg.repeat_count,
        "earlier_cases": list(reg.earlier_cases),
        "acceptance": decision, "handling": [_json(h) for h in p.handling], "extension": _json(p.extension),
        "reply": _json(p.written_reply), "satisfaction": [_json(s) for s in p.satisfaction],
        "review": {"request": _json(p.review), "opinion": _json(p.reviewed)},
        "recheck": {"request": _json(p.recheck), "opinion": _json(p.rechecked)},
        "referral": _json(p.referral), "dispute_id": p.dispute.dispute_id if p.dispute else None,
        "closed_on": _iso(p.closed_on), "deadlines": deadlines(p), "due_on": _iso(p.due_on),
        "attachments": [a.model_dump(mode="json") for a in p.attachments],
        PERIODS: deadline_periods(p),
    }


def project_case(p: PetitionCase, calendar: WorkCalendar | None = None) -> list[Document]:
    """The list row, and one lookup row per matter key (rewritten unchanged: keys never change); with a
    calendar, deadlines counted on it (a holiday notice may have come since they were first counted)."""
    data, due = recounted(case_data(p), calendar, DEADLINES, p.due_on)
    row = Document(
        collection=PetitionCase.stream_type, id=p.id, township=p.township, version=p.version, data=data,
        status=p.status, village=p.reg.village, category=p.reg.channel, due_on=due, is_open=p.is_open,
        created_at=p.registered_at, number=p.reg.case_number, received_on=p.received_on, search_text=search_text(p),
    )
    return [row, *(
        Document(collection=KEYS, id=f"{p.id}:{n}", township=p.township, version=1, lookup_key=key,
                 data={"case_id": p.id}, is_open=False, created_at=p.registered_at)
        for n, key in enumerate(p.reg.matter_keys)
    )]
