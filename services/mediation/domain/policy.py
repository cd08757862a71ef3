"""The county's mediation rules as the domain uses them: deadlines and major-dispute classification.

The major-dispute rules live here and only here; the reporting service reacts to the
`mediation.dispute.classified` events they cause.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fazhi.county import RiskFlag, Rules
from fazhi.workdays import WorkCalendar
from services.mediation.contract import Severity

PEOPLE, AMOUNT = "people_involved", "amount"


@dataclass(frozen=True)
class Classification:
    """A dispute's severity and the rules that made it so (empty for a normal one)."""

    severity: Severity
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Policy:
    """One township's rules (county rules with its overrides) and the county calendar."""

    rules: Rules
    calendar: WorkCalendar

    def conclude_by(self, start: date) -> date:
        """Time to conclude a mediation: calendar days, a rest-day end rolls forward (民法典 Art. 203)."""
        return self.calendar.add_days(start, self.rules.mediation_conclude_days).on

    @property
    def conclude_days(self) -> int:
        return self.rules.mediation_conclude_days

    @property
    def confirmation_days(self) -> int:
        return self.rules.judicial_confirmation_days

    def confirmation_by(self, agreed_on: date) -> date:
        """Last day to apply for judicial confirmation of an agreement (TJ Art. 33)."""
        return self.calendar.add_days(agreed_on, self.rules.judicial_confirmation_days).on

    def classify(self, people_involved: int, amount: Decimal | None, flags: Sequence[RiskFlag]) -> Classification:
        """Apply the major-dispute rules: enough people, a large amount, or any flag the county names."""
        reasons: list[str] = []
        if people_involved >= self.rules.major_dispute_people:
            reasons.append(PEOPLE)
        if amount is not None and amount >= self.rules.major_dispute_amount:
            reasons.append(AMOUNT)
        reasons.extend(flag.value for flag in RiskFlag if flag in flags and flag in self.rules.major_dispute_flags)
        return Classification(Severity.MAJOR if reasons else Severity.NORMAL, tuple(reasons))
