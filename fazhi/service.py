"""Wiring of one service process: store, relay, consumers and the FastAPI app, in one place.

A service module calls `create_app(...)`; everything it needs at run time is on
`app.state.runtime` (a `Runtime`). NATS may be down when the process starts: HTTP
commands are accepted regardless, and the bus connects (and the relay catches up)
as soon as NATS answers.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog
from fastapi import APIRouter, FastAPI
from faststream.nats import NatsBroker, NatsUserPassword
from nats.aio.client import Client as NATS
from prometheus_client import Gauge

from fazhi import logs
from fazhi.access_log import audit_router
from fazhi.apidocs import install_docs
from fazhi.auth import TokenVerifier, load_or_create_signing_key
from fazhi.bus import connect, ensure_stream
from fazhi.busauth import BusAccess, inbox_prefix
from fazhi.clock import Clock
from fazhi.county import County, load_county
from fazhi.http import install_middleware, operations_router
from fazhi.dictionary import Dictionary
from fazhi.lease import Lease
from fazhi.localtime import LocalTimeJSONResponse
from fazhi.openapi import install_openapi, operation_id
from fazhi.problems import install_problem_handlers
from fazhi.projections import ReadModel, rebuild_documents
from fazhi.reference import reference_router
from fazhi.relay import OutboxRelay
from fazhi.settings import Settings
from fazhi.store.sql import SqlEventStore
from fazhi.subscriptions import Subscription, Subscriptions

log = structlog.get_logger("fazhi.service")
RELAY_LAG = Gauge("fazhi_relay_lag_events", "events committed but not yet on the stream", ["service"])


@dataclass
class Runtime:
    """What a running service holds; routes reach it through `request.app.state.runtime`."""

    settings: Settings
    county: County
    clock: Clock
    store: SqlEventStore
    broker: NatsBroker
    subscriptions: Subscriptions
    nats: NATS | None = None
    relay: OutboxRelay | None = None
    read_models: Mapping[str, ReadModel] = field(default_factory=dict)
    rebuilders: list[Callable[[Runtime], Awaitable[dict[str, Any]]]] = field(default_factory=list)
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)
    bus_started: bool = False

    async def rebuild(self) -> dict[str, Any]:
        """Rebuild every projection of this service: its own documents, then any other."""
        result: dict[str, Any] = {}
        if self.read_models:
            result["documents"] = await rebuild_documents(self.store, self.read_models)
        for rebuilder in self.rebuilders:
            result.update(await rebuilder(self))
        return result

    @property
    def bus_connected(self) -> bool:
        return self.bus_started and self.nats is not None and self.nats.is_connected

    @property
    def calendar(self) -> Any:
        return self.county.calendar()

    async def refresh_gauges(self) -> None:
        if self.relay is not None:
            RELAY_LAG.labels(self.settings.service).set(await self.relay.lag())


def verifier_for(settings: Settings) -> TokenVerifier:
    """Production: the county identity provider's JWKS; embedded: the local signing key."""
    policy = settings.token_policy
    if settings.jwks and settings.jwks.startswith(("http://", "https://")):
        return TokenVerifier.from_url(settings.jwks, policy=policy)
    if settings.jwks:
        return TokenVerifier.from_file(Path(settings.jwks), policy)
    load_or_create_signing_key(settings.signing_key_path)
    return TokenVerifier.from_file(settings.signing_key_path, policy)


SubscriptionsFactory = Callable[[Runtime], Sequence[Subscription]]


def create_app(
    settings: Settings,
    routers: Sequence[APIRouter],
    *,
    bus: BusAccess = BusAccess(),
    subscriptions: SubscriptionsFactory = lambda runtime: (),
    read_models: Mapping[str, ReadModel] | None = None,
    clock: Clock | None = None,
    migrations: Sequence[Path] = (),
    on_start: Callable[[Runtime], Any] | None = None,
    title: str = "",
    dictionary: Dictionary | None = None,
    examples: Mapping[str, Any] | None = None,
) -> FastAPI:
    """Build a service: its routers, plus health, metrics, problem+json, auth and the bus.

    `bus` declares the durable consumers this service owns on other services' streams (the
    server allows it those and no others; `fazhi.busauth`); `subscriptions`
    returns its durable consumers once the store is open; `read_models` (stream type →
    aggregate and projection) is what `fazhi replay <service>` rebuilds; `on_start`
    may add more to the runtime (e.g. `runtime.rebuilders`); `dictionary` is what
    `GET /v1/dictionary` serves, `examples` the request examples of the OpenAPI document
    by operationId.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        logs.configure(settings.log_level, settings.service)
        county = load_county(settings.county_config)
        store = await SqlEventStore.open(settings.database, clock or Clock())
        if migrations:
            from fazhi.store.migrate import upgrade

            await upgrade(store.writer, *migrations)
        broker = _broker(settings)
        subs = Subscriptions(store, max_deliver=settings.max_deliver)
        runtime = Runtime(settings, county, clock or Clock(), store, broker, subs, read_models=read_models or {})
        for sub in subscriptions(runtime):
            _check_declared(sub, bus)
            subs.add(sub)
        app.state.runtime = runtime
        app.state.verifier = verifier_for(settings)
        if on_start is not None:
            await on_start(runtime)
        runtime.tasks.append(asyncio.create_task(_connect_bus(runtime), name="bus"))
        runtime.tasks.append(asyncio.create_task(store.follow_other_writers(), name="other-writers"))
        log.info("service.started", port=settings.listen_port, database=settings.database.split("://")[0])
        try:
            yield
        finally:
            await _cancel(runtime.tasks)
            if runtime.bus_started:
                await broker.stop()
            if runtime.nats is not None:
                await runtime.nats.close()
            await store.close()
            log.info("service.stopped")

    app = FastAPI(title=title or f"Fazhi {settings.service}", lifespan=lifespan, version="0.1.0",
                  docs_url=None, redoc_url=None, default_response_class=LocalTimeJSONResponse,
                  generate_unique_id_function=operation_id)
    install_docs(app)
    install_openapi(app, summary=f"{title or settings.service} — 接口说明", examples=examples)
    install_problem_handlers(app)
    install_middleware(app, settings.service, max_body_bytes=settings.max_body_bytes,
                       max_upload_bytes=max(settings.attachment_max_bytes, settings.max_upload_bytes))
    app.include_router(operations_router(settings.service))
    app.include_router(reference_router(dictionary or Dictionary.of()))
    app.include_router(audit_router())
    for router in routers:
        app.include_router(router)
    return app


def _check_declared(sub: Subscription, bus: BusAccess) -> None:
    if sub.name not in bus.durables.get(sub.service, ()):
        raise ValueError(f"consumer {sub.name} on {sub.service}'s stream is not declared in the service's BusAccess: "
                         "the NATS server would refuse it")


def _broker(settings: Settings) -> NatsBroker:
    """The consumers' connection, as this service's NATS user."""
    credentials = settings.nats_credentials
    return NatsBroker(settings.servers, max_reconnect_attempts=-1, reconnect_time_wait=0.5, logger=None,
                      inbox_prefix=inbox_prefix(settings.service),
                      security=NatsUserPassword(*credentials) if credentials else None)


async def _cancel(tasks: Sequence[asyncio.Task[Any]]) -> None:
    """Cancel the tasks and wait for them, cancelling again any that swallowed it: on Python 3.11,
    `asyncio.wait_for` (which libraries such as asyncpg use) can drop a cancel that races its result."""
    while pending := [task for task in tasks if not task.done()]:
        for task in pending:
            task.cancel()
        await asyncio.wait(pending, timeout=1.0)


async def _connect_bus(runtime: Runtime) -> None:
    """Connect to NATS (retrying until it answers), declare streams, start relay and consumers."""
    settings = runtime.settings
    delay = 0.2
    while True:
        try:
            runtime.nats = await connect(settings.servers, f"fazhi-{settings.service}-relay",
                                         credentials=settings.nats_credentials,
                                         inbox_prefix=inbox_prefix(settings.service))
            js = runtime.nats.jetstream()
            # Its own stream only: another's is that service's to declare (the server allows no more), and
            # a consumer on it is declared again until the stream is there.
            await ensure_stream(js, settings.service, settings.stream_replicas)
            await runtime.broker.start()  # the consumers' connection
            break
        except Exception as error:
            log.warning("bus.unavailable", error=repr(error), retry_in=delay)
            if runtime.nats is not None:
                await runtime.nats.close()
                runtime.nats = None
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
    runtime.bus_started = True
    runtime.tasks.extend(runtime.subscriptions.start(runtime.broker.connection))
    runtime.relay = OutboxRelay(runtime.store, js)
    log.info("bus.connected", servers=settings.servers)
    await Lease(runtime.store).run(runtime.relay.run)  # replicas: one relay publishes, the rest stand by
