"""Commands (imperative) the disclosure desk sends: validated input models, one per verb."""
