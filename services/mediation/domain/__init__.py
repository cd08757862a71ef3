"""Mediation domain: aggregates and rules, pure Python (no I/O; time is passed in)."""

from services.mediation.domain.committee import Committee
from services.mediation.domain.dispute import Dispute
from services.mediation.domain.policy import Policy
from services.mediation.domain.screening import ScreeningRound

__all__ = ["Committee", "Dispute", "Policy", "ScreeningRound"]
