"""Fact rows: one document per case of another service, a fold of that case's events.

A fact row keeps the case's events (slimmed: no people, no free text) keyed by stream
version, and a summary folded from them in version order. Adding an event is a merge, so
the row depends on the set of events seen, never on the order they arrived in; statistics
and reports are computed from the summaries at read time.
"""
