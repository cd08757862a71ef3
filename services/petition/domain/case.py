"""The petition case aggregate: handling, extension, written reply, satisfaction, 复查 and 复核, closing."""

from __future__ import annotations

from datetime import date

from fazhi.errors import InvalidInput, RuleViolation
from fazhi.events import DomainEvent
from services.petition import contract as c
from services.petition.contract import CaseStatus as S
from services.petition.domain.case_intake import CaseIntake
from services.petition.domain.periods import MAX_EXTENSION_DAYS, Periods

HANDLING = frozenset({S.ACCEPTED, S.HANDLING})
ANSWERED = {S.REPLIED: c.Stage.REPLY, S.REVIEWED: c.Stage.REVIEW, S.RECHECKED: c.Stage.RECHECK}
CONTENT = (c.Satisfaction.SATISFIED, c.Satisfaction.BASICALLY)


class PetitionCase(CaseIntake):
    """A petition (信访事项) from registration to its final answer; every command returns events."""

    def record_handling(self, *, step: c.HandlingStep, note: str, done_on: date, today: date) -> list[DomainEvent]:
        """Record a step of handling (办理): an investigation, a hearing, a coordination meeting."""
        self.require_status(HANDLING, "record handling")
        self.check_day(done_on, today, "done_on", self._accepted_on())
        return [c.HandlingRecorded(case_id=self.id, step=step, note=note, done_on=done_on)]

    def extend(self, *, days: int, reason: str, approved_by: str, periods: Periods, today: date) -> list[DomainEvent]:
        """Extend handling once, by at most 30 days, approved and with the reason told (XF Art. 34)."""
        self.require_status(HANDLING, "extend the handling period")
        if self.extension is not None:
            raise RuleViolation(
                f"the handling period was already extended on {self.extension.extended_on} by "
                f"{self.extension.days} days; it is extended only once (信访工作条例 Art. 34)", field="extension")
        if not 1 <= days <= MAX_EXTENSION_DAYS:
            raise InvalidInput(f"an extension is 1 to {MAX_EXTENSION_DAYS} days, not {days}", field="days")
        assert self.handling_due_on is not None
        if today > self.handling_due_on:
            raise RuleViolation(f"the handling period ended on {self.handling_due_on}; an extension is granted "
                                "before it ends", field="extension")
        return [c.HandlingExtended(case_id=self.id, days=days, reason=reason, approved_by=approved_by,
                                   extended_on=today, handling_due_on=periods.handling_by(self._accepted_on(), days))]

    def reply(self, *, finding: c.Finding, content: str, replied_on: date, periods: Periods,
              today: date) -> list[DomainEvent]:
        """Give the written reply (书面答复意见); the 30-day window for 复查 opens."""
        self.require_status({*HANDLING, S.REFERRED}, "reply")
        self.check_day(replied_on, today, "replied_on", self._accepted_on())
        late = self.handling_due_on is not None and replied_on > self.handling_due_on
        return [c.CaseReplied(case_id=self.id, finding=finding, content=content, replied_on=replied_on, late=late,
                              review_request_by=periods.request_by(replied_on))]

    def record_satisfaction(self, *, satisfaction: c.Satisfaction, today: date) -> list[DomainEvent]:
        """Record the petitioner's satisfaction with the latest answer, once per answer."""
        stage = ANSWERED.get(self.status) or (self._last_stage() if self.status is S.CLOSED else None)
        if stage is None:
            raise RuleViolation(f"satisfaction is recorded on an answer; the case is {self.status.value}",
                                field="status")
        if any(s.stage is stage for s in self.satisfaction):
            raise RuleViolation(f"satisfaction with the {stage.value} is already recorded", field="satisfaction")
        return [c.SatisfactionRecorded(case_id=self.id, stage=stage, satisfaction=satisfaction, recorded_on=today)]

    def request_review(self, *, organ: str, requested_on: date, periods: Periods, today: date) -> list[DomainEvent]:
        """复查: asked of the organ above within 30 days of the reply; its opinion is due in 30 days (Art. 35)."""
        self.require_status({S.REPLIED}, "request a review (复查)")
        assert self.written_reply is not None
        self._check_request(requested_on, today, self.written_reply.replied_on, self.written_reply.review_request_by,
                            "a review (复查) is requested within 30 days of the written reply (信访工作条例 Art. 35)")
        return [c.ReviewRequested(case_id=self.id, organ=organ, requested_on=requested_on,
                                  decision_due_on=periods.decision_by(requested_on))]

    def decide_review(self, *, decision: c.Decision, content: str, decided_on: date, periods: Periods,
                      today: date) -> list[DomainEvent]:
        """Record the 复查 opinion; the 30-day window for 复核 opens."""
        self.require_status({S.REVIEW_REQUESTED}, "record the review (复查) opinion")
        assert self.review is not None
        self.check_day(decided_on, today, "decided_on", self.review.requested_on)
        return [c.CaseReviewed(case_id=self.id, decision=decision, content=content, decided_on=decided_on,
                               late=decided_on > self.review.decision_due_on,
                               recheck_request_by=periods.request_by(decided_on))]

    def request_recheck(self, *, organ: str, requested_on: date, periods: Periods, today: date) -> list[DomainEvent]:
        """复核: asked within 30 days of the 复查 opinion; its opinion is due in 30 days (Art. 36)."""
        self.require_status({S.REVIEWED}, "request a recheck (复核)")
        assert self.reviewed is not None
        self._check_request(requested_on, today, self.reviewed.decided_on, self.reviewed.recheck_request_by,
                            "a recheck (复核) is requested within 30 days of the review opinion "
                            "(信访工作条例 Art. 36)")
        return [c.RecheckRequested(case_id=self.id, organ=organ, requested_on=requested_on,
                                   decision_due_on=periods.decision_by(requested_on))]

    def decide_recheck(self, *, decision: c.Decision, content: str, decided_on: date,
                       today: date) -> list[DomainEvent]:
        """Record the 复核 opinion: the matter is concluded and the same claim not accepted again."""
        self.require_status({S.RECHECK_REQUESTED}, "record the recheck (复核) opinion")
        assert self.recheck is not None
        self.check_day(decided_on, today, "decided_on", self.recheck.requested_on)
        return [c.CaseRechecked(case_id=self.id, decision=decision, content=content, decided_on=decided_on,
                                late=decided_on > self.recheck.decision_due_on)]

    def close(self, *, today: date) -> list[DomainEvent]:
        """Close (结案) an answered case once the petitioner is content or the window to contest has passed;
        a referred case once mediation has opened its dispute."""
        if self.status is S.REFERRED:
            if self.dispute is None:
                raise RuleViolation("a referred case is closed once mediation has opened its dispute",
                                    field="status")
        else:
            self.require_status({S.REPLIED, S.REVIEWED}, "close the case")
            self._check_contest_window(today)
        return [c.CaseClosed(case_id=self.id, closed_on=today, status_before=self.status)]

    def _check_contest_window(self, today: date) -> None:
        stage = ANSWERED[self.status]
        answer = self.reviewed if stage is c.Stage.REVIEW else self.written_reply
        assert answer is not None
        window = answer.recheck_request_by if isinstance(answer, c.CaseReviewed) else answer.review_request_by
        content = any(s.stage is stage and s.satisfaction in CONTENT for s in self.satisfaction)
        if not content and today <= window:
            raise RuleViolation(f"the petitioner may contest the {stage.value} until {window}; close the case "
                                "after that, or once the petitioner is satisfied", field="status")

    def _check_request(self, requested_on: date, today: date, answered_on: date, window_end: date,
                       rule: str) -> None:
        self.check_day(requested_on, today, "requested_on", answered_on)
        if requested_on > window_end:
            days = (requested_on - answered_on).days
            raise RuleViolation(f"{rule}: the answer was given on {answered_on}, the period ended on {window_end}, "
                                f"and this request came on {requested_on} (day {days})", field="requested_on")

    def _accepted_on(self) -> date:
        return self.decision.accepted_on if isinstance(self.decision, c.CaseAccepted) else self.reg.registered_on

    def _last_stage(self) -> c.Stage:
        return c.Stage.RECHECK if self.rechecked else c.Stage.REVIEW if self.reviewed else c.Stage.REPLY
