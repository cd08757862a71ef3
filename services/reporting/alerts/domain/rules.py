"""The rules that fire on a producer event alone: major disputes, risk flags, group and 越级 petitions.

Severity is mediation's decision (`mediation.dispute.classified`); these rules only read it.
Each returns intents — raise an alert by key, or resolve a case's alerts — and does no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fazhi.county import RiskFlag, Rules
from fazhi.events import RecordedEvent
from fazhi.pii import mask_pii_in_text
from services.mediation import contract as mc
from services.petition import contract as pc
from services.reporting.alerts.contract import CaseRef, Cause, Level, Rule
from services.reporting.alerts.domain import words
from services.reporting.alerts.domain.alert import Raise

RISKS = (RiskFlag.MASS, RiskFlag.CRIMINAL_RISK)


@dataclass(frozen=True)
class Resolve:
    """Resolve the open alerts of these rules about a case, because the case changed."""

    case_id: str
    rules: frozenset[Rule]
    reason: str


Intent = Raise | Resolve


def immediate(event: RecordedEvent, rules: Rules) -> list[Intent]:
    """What the event fires at once (decoded only when a rule reads it)."""
    rule = _RULES.get(event.type)
    return rule(event, event.decoded(), rules) if rule else []


def cause(event: RecordedEvent) -> Cause:
    return Cause(event_id=event.event_id, type=event.type, recorded_at=event.recorded_at)


def dispute(dispute_id: str) -> CaseRef:
    return CaseRef(service="mediation", kind="dispute", id=dispute_id)


def _classified(ev: RecordedEvent, e: mc.DisputeClassified, _: Rules) -> list[Intent]:
    if e.severity is mc.Severity.MAJOR:
        major = Raise(
            key=f"{Rule.MAJOR_DISPUTE}:{e.dispute_id}", rule=Rule.MAJOR_DISPUTE, level=Level.TOWNSHIP,
            village=e.village, subject=dispute(e.dispute_id), title=f"重大矛盾纠纷：{words.reasons(e.reasons)}",
            details={"reasons": e.reasons, "category": e.category, "dispute_level": e.level}, cause=cause(ev),
        )
        risky = [flag for flag in RISKS if flag in e.reasons]
        return [major, _risk(ev, e.dispute_id, e.village, risky)] if risky else [major]
    if e.previous_severity is mc.Severity.MAJOR:
        return [Resolve(e.dispute_id, frozenset({Rule.MAJOR_DISPUTE}), "mediation no longer classifies it major")]
    return []


def _flags(ev: RecordedEvent, e: mc.DisputeRegistered | mc.FactsRevised, rules: Rules) -> list[Intent]:
    """Flags that do not make the dispute major here still alert; flags that do arrive with the classification."""
    village = e.village if isinstance(e, mc.DisputeRegistered) else None
    risky = [flag for flag in RISKS if flag in e.risk_flags]
    if not risky:
        gone = Resolve(e.dispute_id, frozenset({Rule.RISK_FLAG}), "the risk flags were removed")
        return [gone] if isinstance(e, mc.FactsRevised) else []
    unranked = [flag for flag in risky if flag not in rules.major_dispute_flags]
    return [_risk(ev, e.dispute_id, village, unranked)] if unranked else []


def _risk(ev: RecordedEvent, dispute_id: str, village: str | None, flags: list[RiskFlag]) -> Raise:
    return Raise(key=f"{Rule.RISK_FLAG}:{dispute_id}", rule=Rule.RISK_FLAG, level=Level.TOWNSHIP, village=village,
                 subject=dispute(dispute_id), title=f"矛盾纠纷风险：{words.reasons(flags)}",
                 details={"risk_flags": [str(f) for f in flags]}, cause=cause(ev))


def _dispute_over(reason: str) -> Callable[[RecordedEvent, Any, Rules], list[Intent]]:
    def rule(_: RecordedEvent, e: Any, __: Rules) -> list[Intent]:
        if isinstance(e, mc.DisputeEscalated) and e.to_level is not mc.EscalationLevel.COUNTY:
            return []
        return [Resolve(e.dispute_id, frozenset({Rule.MAJOR_DISPUTE, Rule.RISK_FLAG}), reason)]
    return rule


def _petition(ev: RecordedEvent, e: pc.CaseRegistered, _: Rules) -> list[Intent]:
    subject = CaseRef(service="petition", kind="case", id=e.case_id)
    fired = []
    about = mask_pii_in_text(e.subject)  # free text typed at the desk: alerts travel far beyond it
    details = {"channel": e.channel, "group_size": e.group_size, "subject": about}
    if e.group_visit:
        fired.append(Raise(key=f"{Rule.GROUP_VISIT}:{e.case_id}", rule=Rule.GROUP_VISIT, level=Level.TOWNSHIP,
                           village=e.village, subject=subject, title=f"集体访 {e.group_size} 人：{about}",
                           details=details, cause=cause(ev)))
    if e.bypassed_level:
        fired.append(Raise(key=f"{Rule.BYPASS_PETITION}:{e.case_id}", rule=Rule.BYPASS_PETITION,
                           level=Level.TOWNSHIP, village=e.village, subject=subject,
                           title=f"越级访：{about}", details=details, cause=cause(ev)))
    return fired


def _petition_over(reason: str) -> Callable[[RecordedEvent, Any, Rules], list[Intent]]:
    def rule(_: RecordedEvent, e: Any, __: Rules) -> list[Intent]:
        handled = frozenset({Rule.GROUP_VISIT, Rule.BYPASS_PETITION, Rule.REPEAT_PETITION})
        return [Resolve(e.case_id, handled, reason)]
    return rule


_RULES: dict[str, Callable[[RecordedEvent, Any, Rules], list[Intent]]] = {
    mc.DisputeClassified.type: _classified,
    mc.DisputeRegistered.type: _flags,
    mc.FactsRevised.type: _flags,
    mc.AgreementReached.type: _dispute_over("an agreement was reached"),
    mc.MediationFailed.type: _dispute_over("the mediation ended without agreement"),
    mc.DisputeDeclined.type: _dispute_over("the committee declined the dispute"),
    mc.DisputeClosed.type: _dispute_over("the dispute was closed"),
    mc.DisputeEscalated.type: _dispute_over("the dispute went to the county"),
    pc.CaseRegistered.type: _petition,
    pc.CaseReplied.type: _petition_over("the petition was answered in writing"),
    pc.CaseDeclined.type: _petition_over("the petition was not accepted, the route told"),
    pc.CaseTransferred.type: _petition_over("the petition went to the competent organ"),
    pc.CaseReferredToMediation.type: _petition_over("the petition was referred to mediation"),
    pc.CaseClosed.type: _petition_over("the petition was closed"),
}
