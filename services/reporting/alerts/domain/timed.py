"""The rules that fire as days pass: due soon, overdue, not concluded in the village, repeats, screenings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from fazhi.county import Rules
from services.reporting.alerts.contract import CaseRef, Level, Rule
from services.reporting.alerts.domain import words
from services.reporting.alerts.domain.alert import Raise
from services.reporting.alerts.domain.watch import CaseWatch

DEADLINE_RULES = frozenset({Rule.DUE_SOON, Rule.OVERDUE, Rule.VILLAGE_OVERDUE})


def deadline_alerts(w: CaseWatch, today: date, rules: Rules) -> list[Raise]:
    """Due within `due_soon_days` (warning), past due (alert), or too long in the village (to the township)."""
    subject = CaseRef(service=w.service, kind=w.kind, id=w.case_id)
    level = Level.VILLAGE if w.level == "village" and w.village else Level.TOWNSHIP
    fired: list[Raise] = []
    if w.open and w.due_on is not None and w.due_on <= today + timedelta(days=rules.due_soon_days):
        rule = Rule.OVERDUE if w.due_on < today else Rule.DUE_SOON
        state = "已超期" if rule is Rule.OVERDUE else "即将到期"
        duty = words.DUTIES.get(w.what or "", "办理")
        fired.append(Raise(
            key=f"{rule}:{w.case_id}:{w.due_on.isoformat()}", rule=rule, level=level, village=w.village,
            subject=subject, title=f"{words.CASES.get(w.kind, w.kind)}{state}：应于 {w.due_on.isoformat()} 前{duty}",
            details={"due_on": w.due_on.isoformat(), "what": w.what},
        ))
    if w.open and w.village_due_on is not None and w.village_due_on < today:
        fired.append(Raise(
            key=f"{Rule.VILLAGE_OVERDUE}:{w.case_id}", rule=Rule.VILLAGE_OVERDUE, level=Level.TOWNSHIP,
            village=w.village, subject=subject, title=f"村级未按期化解（{w.village}），转乡镇",
            details={"village_due_on": w.village_due_on.isoformat(), "days": rules.village_conclude_days},
        ))
    return fired


def stale_reason(w: CaseWatch | None, rule: Rule, details: Mapping[str, Any], today: date) -> str | None:
    """Why a deadline alert no longer holds (the case moved on), or None while it still does."""
    if w is None or rule not in DEADLINE_RULES:
        return None
    if not w.open:
        return f"the {w.kind} was concluded"
    if rule is Rule.VILLAGE_OVERDUE:
        return None if w.village_due_on is not None else f"the {w.kind} left the village committee"
    due = details.get("due_on")
    if w.due_on is None:
        return "the deadline is paused"
    if due != w.due_on.isoformat():
        return f"the deadline moved to {w.due_on.isoformat()}"
    if rule is Rule.DUE_SOON and w.due_on < today:
        return "now overdue"
    return None


def petitions_in_window(cases: Mapping[str, date], registered_on: date, rules: Rules) -> int:
    """One person's petitions (this one included) in the repeat window that ends on this one's day."""
    since = registered_on - timedelta(days=rules.repeat_petition_window_days)
    return sum(since <= day <= registered_on for day in cases.values())


def repeat_alert(township: str, case_id: str, village: str | None, count: int, rules: Rules) -> Raise:
    return Raise(
        key=f"{Rule.REPEAT_PETITION}:{case_id}", rule=Rule.REPEAT_PETITION, level=Level.TOWNSHIP, village=village,
        subject=CaseRef(service="petition", kind="case", id=case_id),
        title=f"重复访：同一人 {rules.repeat_petition_window_days} 天内 {count} 次",
        details={"count": count, "window_days": rules.repeat_petition_window_days, "township": township},
    )


def screening_month(today: date, rules: Rules) -> str | None:
    """The month whose screening reports are due by now: this month, once its report day has passed."""
    if rules.screening_report_day is None or today.day <= rules.screening_report_day:
        return None
    return f"{today.year:04d}-{today.month:02d}"


def missing_screening(township: str, village: str, month: str) -> Raise:
    return Raise(
        key=f"{Rule.MISSING_SCREENING}:{village}:{month}", rule=Rule.MISSING_SCREENING, level=Level.VILLAGE,
        village=village, subject=CaseRef(service="mediation", kind="village", id=f"{township}:{village}"),
        title=f"村 {village} 未报送 {month} 月度排查", details={"month": month},
    )
