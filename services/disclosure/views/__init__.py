"""Aggregates → read-model documents (what lists filter on) and → JSON for the API."""
