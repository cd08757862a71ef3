"""The alerts API: one router module per resource."""

from services.reporting.alerts.api import alerts, duty, silences, stream, webhooks

# The stream first: `/v1/alerts/stream` must not be taken for anything else.
ROUTERS = [stream.router, alerts.router, silences.township_router, silences.county_router,
           webhooks.township_router, webhooks.county_router, webhooks.township_receivers,
           webhooks.county_receivers, duty.township_router, duty.county_router]
