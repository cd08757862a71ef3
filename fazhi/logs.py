"""structlog JSON logs for every line a service prints, with PII masked."""

from __future__ import annotations

import logging
import sys

import structlog

from fazhi.pii import structlog_pii_processor


def configure(level: str = "info", service: str = "") -> None:
    """Route structlog and the standard library (uvicorn, faststream) through one JSON renderer."""
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog_pii_processor,
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "faststream"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # Quieter neighbours: alembic narrates every start; nats-py prints a traceback per
    # reconnect attempt, which `fazhi.bus` reports in one line instead.
    logging.getLogger("alembic").setLevel(max(root.level, logging.WARNING))
    logging.getLogger("nats.aio.client").setLevel(logging.CRITICAL)
    if service:
        structlog.contextvars.bind_contextvars(service=service)
