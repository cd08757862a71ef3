"""The alert subsystem's process-wide parts, started with the reporting service.

`on_start` builds them once the store is open and runs the timer and the deliveries
under leases, so with several replicas one of each works and the others stand by.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from fazhi.lease import Lease
from fazhi.projections import ReadModel
from fazhi.service import Runtime
from services.reporting.alerts.delivery.bus import AlertPublisher
from services.reporting.alerts.delivery.signal import CommitSignal
from services.reporting.alerts.delivery.webhooks import WebhookDeliveries
from services.reporting.alerts.domain import Alert, Silence, Webhook
from services.reporting.alerts.timer import AlertTimer
from services.reporting.alerts.domain.duty import DutyShift
from services.reporting.alerts.views import project_alert, project_duty, project_silence, project_webhook

READ_MODELS = {
    Alert.stream_type: ReadModel(Alert, project_alert),
    Silence.stream_type: ReadModel(Silence, project_silence),
    Webhook.stream_type: ReadModel(Webhook, project_webhook),
    DutyShift.stream_type: ReadModel(DutyShift, project_duty),
}
_ATTRIBUTE = "alerts"  # Runtime has no slot for a subpackage; the attribute lives as long as the process


@dataclass
class Alerts:
    """The commit signal the deliveries wake on, the timer, and the delivery channels."""

    signal: CommitSignal
    timer: AlertTimer
    webhooks: WebhookDeliveries
    publisher: AlertPublisher

    async def deliver(self) -> None:
        await asyncio.gather(self.webhooks.run(), self.publisher.run())


def alerts_of(runtime: Runtime) -> Alerts:
    """The running alert subsystem of this process."""
    return getattr(runtime, _ATTRIBUTE)


async def on_start(runtime: Runtime) -> None:
    """Build the alert subsystem and start its timer and deliveries (each under its own lease)."""
    signal = CommitSignal(runtime.store)
    alerts = Alerts(signal, AlertTimer(runtime), WebhookDeliveries(runtime, signal), AlertPublisher(runtime, signal))
    setattr(runtime, _ATTRIBUTE, alerts)
    runtime.tasks.append(asyncio.create_task(Lease(runtime.store, name="alerts-timer").run(alerts.timer.run),
                                             name="alerts-timer"))
    runtime.tasks.append(asyncio.create_task(Lease(runtime.store, name="alerts-delivery").run(alerts.deliver),
                                             name="alerts-delivery"))
