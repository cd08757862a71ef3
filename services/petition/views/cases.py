"""Petition cases as read-model documents, and the repeat keys that find them."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.store import Document
from services.petition import contract as c
from services.petition.domain import PetitionCase

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


def case_data(p: PetitionCase) -> dict[str, Any]:
    """The whole case as JSON (without `overdue` and the chain, which are read-time facts)."""
    reg = p.reg
    decision = {"decision": DECISIONS[type(p.decision)], **_json(p.decision)} if p.decision else None
    return {
        "id": p.id, "township": p.township, "status": p.status, "channel": reg.channel,
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
    }


def project_case(p: PetitionCase) -> list[Document]:
    """The list row, and one lookup row per matter key (rewritten unchanged: keys never change)."""
    row = Document(
        collection=PetitionCase.stream_type, id=p.id, township=p.township, version=p.version, data=case_data(p),
        status=p.status, village=p.reg.village, category=p.reg.channel, due_on=p.due_on, is_open=p.is_open,
        created_at=p.registered_at,
    )
    return [row, *(
        Document(collection=KEYS, id=f"{p.id}:{n}", township=p.township, version=1, lookup_key=key,
                 data={"case_id": p.id}, is_open=False, created_at=p.registered_at)
        for n, key in enumerate(p.reg.matter_keys)
    )]
