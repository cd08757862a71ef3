"""Silence commands: set one (a township's, or the county's), move its end, end it."""

from __future__ import annotations

from typing import Any

from fazhi.commands import create, execute
from fazhi.service import Runtime
from services.reporting.alerts import commands as cmd
from services.reporting.alerts.contract import SilenceMatchers
from services.reporting.alerts.domain import Silence
from services.reporting.alerts.handlers.alerts import forget_silences
from services.reporting.alerts.views import project_silence


async def create_silence(runtime: Runtime, scope: str, body: cmd.CreateSilence, metadata: dict[str, Any],
                         key: str | None, fingerprint: str) -> tuple[Silence, bool]:
    """`scope` is a township, or the county's code for a county silence (which may name one township)."""
    county = runtime.county
    township = scope if scope != county.code else getattr(body, "township", None)
    if township is not None:
        county.township(township)  # 404 naming `township` when the county has none such
    now = runtime.clock.now()
    matchers = SilenceMatchers(township=township, rule=body.rule, level=body.level)
    created = await create(
        runtime.store, Silence, scope,
        lambda s: s.create(author=metadata["actor"], reason=body.reason, matchers=matchers,
                           starts_at=body.starts_at or now, ends_at=body.ends_at, now=now),
        metadata=metadata, project=project_silence, idempotency_key=key, fingerprint=fingerprint,
    )
    forget_silences(runtime)
    return created


async def extend_silence(runtime: Runtime, scope: str, id: str, body: cmd.ExtendSilence, metadata: dict[str, Any],
                         if_match: int | None) -> Silence:
    now = runtime.clock.now()
    silence = await execute(runtime.store, Silence, id, scope,
                            lambda s: s.extend(by=metadata["actor"], ends_at=body.ends_at, now=now),
                            metadata=metadata, project=project_silence, if_match=if_match)
    forget_silences(runtime)
    return silence


async def end_silence(runtime: Runtime, scope: str, id: str, metadata: dict[str, Any],
                      if_match: int | None) -> Silence:
    now = runtime.clock.now()
    silence = await execute(runtime.store, Silence, id, scope, lambda s: s.end(by=metadata["actor"], now=now),
                            metadata=metadata, project=project_silence, if_match=if_match)
    forget_silences(runtime)
    return silence
