"""Petition domain (信访): aggregates and rules, pure Python (no I/O; time is passed in)."""

from services.petition.domain.case import PetitionCase
from services.petition.domain.periods import Periods
from services.petition.domain.reception_day import ReceptionDay
from services.petition.domain.repeats import EarlierCase
from services.petition.domain.suggestion import DeputySuggestion

__all__ = ["DeputySuggestion", "EarlierCase", "Periods", "PetitionCase", "ReceptionDay"]
