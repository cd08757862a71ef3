"""How alerts are sent: each rule's severity and first level, ack windows, quiet hours, climbing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from fazhi.clock import CHINA
from fazhi.county import AlertPolicy
from services.reporting.alerts.contract import Level, Rule, Severity

SEVERITY = {
    Rule.MAJOR_DISPUTE: Severity.CRITICAL, Rule.RISK_FLAG: Severity.CRITICAL,
    Rule.GROUP_VISIT: Severity.CRITICAL, Rule.BYPASS_PETITION: Severity.CRITICAL,
    Rule.VILLAGE_OVERDUE: Severity.ALERT, Rule.OVERDUE: Severity.ALERT,
    Rule.REPEAT_PETITION: Severity.ALERT, Rule.MISSING_SCREENING: Severity.ALERT,
    Rule.DUE_SOON: Severity.WARNING, Rule.DELIVERY_DISABLED: Severity.ALERT,
}
# The major-dispute alert of a case speaks for these alerts of the same case (inhibition).
INHIBITED_BY_MAJOR = frozenset({Rule.RISK_FLAG, Rule.VILLAGE_OVERDUE, Rule.DUE_SOON, Rule.OVERDUE})
NEXT_LEVEL = {Level.VILLAGE: Level.TOWNSHIP, Level.TOWNSHIP: Level.COUNTY}


@dataclass(frozen=True)
class Notifying:
    """The county's alert policy as the alert aggregate uses it."""

    ack_minutes: dict[str, int]
    quiet: tuple[time, time] | None
    county_repeats: int

    @classmethod
    def of(cls, policy: AlertPolicy) -> Notifying:
        quiet = None
        if policy.quiet_hours:
            start, end = policy.quiet_hours.split("-")
            quiet = (time.fromisoformat(start), time.fromisoformat(end))
        return cls(dict(policy.ack_minutes), quiet, policy.county_repeats)

    def ack_due(self, level: Level, at: datetime) -> datetime:
        """When an alert notified at `at` to `level` climbs if nobody acknowledges it."""
        return at + timedelta(minutes=self.ack_minutes[level])

    def is_quiet(self, at: datetime) -> bool:
        """Inside quiet hours, county time; a window may span midnight (22:00-07:00)."""
        if self.quiet is None:
            return False
        start, end = self.quiet
        now = at.astimezone(CHINA).time()
        return start <= now < end if start <= end else now >= start or now < end

    def holds_back(self, severity: Severity, at: datetime) -> bool:
        """Quiet hours hold back everything but a critical alert."""
        return severity is not Severity.CRITICAL and self.is_quiet(at)
