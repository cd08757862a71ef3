"""Escalation alerts of the reporting service: rules → alert raised → acknowledged → resolved.

```
 mediation / disclosure / petition events ──> consumers (alerts-<service>) ──┐
                                     timer (deadlines, ack windows, holds) ──┼─> Alert streams in
           API (ack, resolve, silences, webhooks, receivers, duty) ──┘   reporting's event store
 reporting's event store ──> SSE /v1/alerts/stream · NATS fazhi.alerts.<township>.<level>
                         └─> delivery/: one worker per webhook (Standard Webhooks) or receiver (WeCom,
                             DingTalk, e-mail, SMS; duty receivers only on shift), through the egress policy
```

Wiring into the reporting app (`services/reporting/app.py`): add `ROUTERS` to its routers,
`subscriptions(runtime)` to its subscriptions, `READ_MODELS` to its read models, and await
`on_start(runtime)` in its `on_start`.
"""

from services.reporting.alerts.api import ROUTERS
from services.reporting.alerts.consumers import DURABLES, subscriptions
from services.reporting.alerts.wiring import READ_MODELS, alerts_of, on_start

CONSUMES = ("mediation", "disclosure", "petition")  # the producer streams the rules read

__all__ = ["CONSUMES", "DURABLES", "READ_MODELS", "ROUTERS", "alerts_of", "on_start", "subscriptions"]
