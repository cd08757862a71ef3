"""The durable consumers reporting-mediation, reporting-disclosure, reporting-petition."""

from __future__ import annotations

from collections.abc import Sequence

from fazhi.service import Runtime
from fazhi.subscriptions import Subscription, tracked
from services.reporting.facts.kinds import PRODUCERS
from services.reporting.facts.projector import FactProjector


def durable_name(service: str) -> str:
    return f"reporting-{service}"


LINGER_SECONDS = 0.1  # figures and reports can be this late; the alerts, on the same events, cannot


def subscriptions(runtime: Runtime) -> Sequence[Subscription]:
    """One tracked projector per producer stream: a redelivered event is applied once."""
    projector = FactProjector(runtime.store, runtime.county.calendar())
    return [
        Subscription(name=durable_name(service), service=service, subject=f"fazhi.{service}.>",
                     handler=tracked(runtime.store, durable_name(service), projector), linger=LINGER_SECONDS)
        for service in PRODUCERS
    ]
