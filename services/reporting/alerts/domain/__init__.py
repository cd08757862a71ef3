"""Alert domain: pure Python, no I/O, time passed in."""

from services.reporting.alerts.domain.alert import Alert, Raise, Suppression
from services.reporting.alerts.domain.policy import Notifying
from services.reporting.alerts.domain.silence import Silence
from services.reporting.alerts.domain.webhook import Webhook

__all__ = ["Alert", "Notifying", "Raise", "Silence", "Suppression", "Webhook"]
