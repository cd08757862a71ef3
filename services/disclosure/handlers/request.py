"""Handlers of the request commands; dates the desk leaves out are the day it records them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fazhi.auth import Principal
from fazhi.commands import create, execute
from fazhi.events import DomainEvent
from fazhi.http import command_metadata, fingerprint
from fazhi.numbering import new_query_code
from fazhi.service import Runtime
from services.disclosure.commands import request as cmd
from services.disclosure.domain.request import DisclosureRequest
from services.disclosure.views.request import request_documents

Decide = Callable[[DisclosureRequest], Sequence[DomainEvent]]
APPROVER_ROLES = ("admin", "leader", "disclosure_officer")


def project(runtime: Runtime) -> Callable[[DisclosureRequest], list]:
    """The projection with this county's calendar (the `due_on` column needs it)."""
    calendar = runtime.calendar
    return lambda request: request_documents(request, calendar)


async def receive(runtime: Runtime, township: str, command: cmd.ReceiveRequest, who: Principal,
                  idempotency_key: str | None) -> tuple[DisclosureRequest, bool]:
    """Register an application; a retried Idempotency-Key returns the first case."""
    intake = command.model_dump(mode="python")
    clock = runtime.clock
    today, backdate = clock.today(), runtime.county.rules_for(township).backdate_days
    return await create(
        runtime.store, DisclosureRequest, township,
        lambda r: r.receive(intake, calendar=runtime.calendar, today=today, now=clock.now(),
                            query_code=new_query_code(), backdate_days=backdate),
        metadata=command_metadata(who), project=project(runtime),
        idempotency_key=idempotency_key, fingerprint=fingerprint(command),
        number=runtime.county.number_request(township, "disclosure", today.year),
    )


async def run(runtime: Runtime, township: str, id: str, who: Principal, if_match: int | None,
              decide: Decide) -> DisclosureRequest:
    """Load the request, decide, append; the one path of every command after receipt."""
    return await execute(runtime.store, DisclosureRequest, id, township, decide,
                         metadata=command_metadata(who), project=project(runtime), if_match=if_match)


def decision(runtime: Runtime, command: object, who: Principal) -> Decide:
    """The domain call a command stands for, with the calendar and today's date filled in."""
    cal, today = runtime.calendar, runtime.clock.today()
    match command:
        case cmd.AskCorrection(missing=missing, correct_by=by, asked_on=on):
            return lambda r: r.ask_correction(missing, by, on or today, calendar=cal, today=today)
        case cmd.ReceiveCorrection(received_on=on):
            return lambda r: r.receive_correction(on, calendar=cal, today=today)
        case cmd.Abandon(closed_on=on):
            return lambda r: r.abandon(on or today, today=today)
        case cmd.Consult(consultee=consultee, consulted_on=on):
            return lambda r: r.consult(consultee.model_dump(), on or today, calendar=cal, today=today)
        case cmd.RecordConsultationAnswer(opinion=opinion, answered_on=on):
            return lambda r: r.consultation_answered(opinion, on or today, calendar=cal, today=today)
        case cmd.Extend(reason=reason, extended_on=on):
            roles = [role for role in who.roles if role in APPROVER_ROLES]
            return lambda r: r.extend(reason, who.subject, roles, on or today, calendar=cal, today=today)
        case cmd.ChargeFee(amount=amount, basis=basis, note=note, charged_on=on):
            return lambda r: r.charge_fee(amount, basis, note, on or today, today=today)
        case cmd.Answer(outcome=outcome, summary=summary, answered_on=on):
            return lambda r: r.answer(outcome, summary, on or today, calendar=cal, today=today)
    raise TypeError(f"no decision for {type(command).__name__}")


def appeal_decision(runtime: Runtime, verb: str, command: cmd.RecordAppeal | cmd.RecordAppealResult) -> Decide:
    """record-review, record-review-result, record-lawsuit, record-lawsuit-result."""
    today = runtime.clock.today()
    if isinstance(command, cmd.RecordAppeal):
        record = DisclosureRequest.record_review if verb == "review" else DisclosureRequest.record_lawsuit
        return lambda r: record(r, command.filed_on, command.result, today=today)
    decide = DisclosureRequest.decide_review if verb == "review" else DisclosureRequest.decide_lawsuit
    return lambda r: decide(r, command.result, command.decided_on or today, today=today)
