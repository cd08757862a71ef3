"""Figures: pure functions from fact summaries and work records to the numbers the reports print."""
