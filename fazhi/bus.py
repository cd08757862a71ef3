"""NATS JetStream layout: one stream per service, subjects `fazhi.<service>.<township>.…`."""

from __future__ import annotations

import structlog
from nats.aio.client import Client as NATS
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import NotFoundError

log = structlog.get_logger("fazhi.bus")
SERVICES = ("mediation", "disclosure", "petition", "reporting")
DUPLICATE_WINDOW_S = 120.0  # re-publishing after a relay crash lands inside this window


def stream_name(service: str) -> str:
    return service.upper()


def stream_subjects(service: str) -> list[str]:
    # Reporting's own stream carries the alerts other systems subscribe to.
    return ["fazhi.reporting.>", "fazhi.alerts.>"] if service == "reporting" else [f"fazhi.{service}.>"]


def stream_config(service: str, replicas: int = 1) -> StreamConfig:
    return StreamConfig(
        name=stream_name(service),
        subjects=stream_subjects(service),
        storage=StorageType.FILE,
        num_replicas=replicas,
        duplicate_window=DUPLICATE_WINDOW_S,
    )


async def ensure_stream(js: JetStreamContext, service: str, replicas: int = 1) -> None:
    """Create the service's stream, or bring an existing one to this configuration."""
    config = stream_config(service, replicas)
    try:
        await js.stream_info(config.name)
    except NotFoundError:
        await js.add_stream(config)
        return
    await js.update_stream(config)


async def connect(servers: list[str], name: str, *, credentials: tuple[str, str] | None = None,
                  inbox_prefix: str = "_INBOX") -> NATS:
    """A connection that keeps reconnecting for ever: NATS outages are waited out.

    `credentials` (user, password) for a server that requires them; replies come below `inbox_prefix`.
    """
    import nats

    async def disconnected() -> None:
        log.warning("nats.disconnected", connection=name)

    async def reconnected() -> None:
        log.info("nats.reconnected", connection=name)

    async def error(e: Exception) -> None:
        log.warning("nats.error", connection=name, error=repr(e))

    return await nats.connect(
        servers=servers,
        name=name,
        max_reconnect_attempts=-1,
        reconnect_time_wait=0.5,
        allow_reconnect=True,
        disconnected_cb=disconnected,
        reconnected_cb=reconnected,
        error_cb=error,
        inbox_prefix=inbox_prefix,
        **({"user": credentials[0], "password": credentials[1]} if credentials else {}),
    )
