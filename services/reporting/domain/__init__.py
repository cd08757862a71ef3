"""Reporting's own records: pure aggregates (no I/O; the day is passed in)."""

from services.reporting.domain.advisor import AdvisorEngagement
from services.reporting.domain.narrative import SECTIONS, Narrative
from services.reporting.domain.publicity import PublicityActivity
from services.reporting.domain.table_two import TableTwo
from services.reporting.domain.training import Training

__all__ = ["SECTIONS", "AdvisorEngagement", "Narrative", "PublicityActivity", "TableTwo", "Training"]
