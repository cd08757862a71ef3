"""The disclosure domain: pure aggregates and deadline arithmetic, no I/O; time is passed in."""
