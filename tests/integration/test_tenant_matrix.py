"""The tenant matrix: every operation of every service, driven with the token of a foreign township
(an admin there, holding every role), never succeeds on another township's cases.

For each operation: its path in the victim township `houtai`; and, where it names a case, its path in the
caller's own township `zhoutang` with a `houtai` case's id. County-wide operations are driven with the
township token. Reads meant for anyone (public pages, health, metrics) and the admin routes, which scope
themselves (see test_admin_scope), are left out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from schemathesis.generation.modes import GenerationMode

from tests.integration.fuzz_seeds import plant
from tests.integration.fuzzing import Cases, Sent, drive, operations, plausible, running, send

VICTIM, CALLER = "houtai", "zhoutang"
EXAMPLES = 2
NOT_TENANT_DATA = ("/healthz", "/readyz", "/metrics", "/v1/admin/", "/v1/public/")


@pytest.fixture
def service(request: pytest.FixtureRequest, tmp_path: Path, nats_server) -> Iterator:
    with running(request.param, tmp_path, nats_server.url) as client:
        yield client


def _in_matrix(operation) -> bool:
    if operation.path.startswith(NOT_TENANT_DATA):
        return False
    return "{township}" in operation.path or operation.path.startswith("/v1/county/")


@pytest.mark.parametrize("service", ["mediation", "disclosure", "petition", "reporting"], indirect=True)
def test_a_foreign_townships_token_gets_nothing_of_another_township(service) -> None:
    victims = Cases(plant(service, service.service, VICTIM, service.bearer(townships=[VICTIM])))
    foreign = service.bearer(townships=[CALLER])
    leaks: list[Sent] = []
    calls = crossed = 0

    def each(operation, township: str, ids_only: bool):
        def one(case) -> None:
            nonlocal calls, crossed
            if "township" in case.path_parameters:
                case.path_parameters["township"] = township
            before = dict(case.path_parameters)
            victims.fill(operation, case, calls)
            if ids_only and case.path_parameters == before:
                return  # no victim case in this path: the caller's own township is its to use
            plausible(case)
            result = send(service, case, foreign)
            if result is None:
                return
            calls += 1
            crossed += ids_only
            if 200 <= result.status < 300:
                leaks.append(result)
        return one

    for operation in filter(_in_matrix, operations(service.app)):
        drive(operation, GenerationMode.POSITIVE, EXAMPLES, each(operation, VICTIM, ids_only=False))
        if "{township}" in operation.path and operation.path.count("{") > 1:
            drive(operation, GenerationMode.POSITIVE, EXAMPLES, each(operation, CALLER, ids_only=True))
    assert calls > 0 and crossed > 0  # and some with a victim's case id in the caller's own township
    assert not leaks, f"{len(leaks)} of {calls} foreign calls succeeded:\n" + "\n".join(map(str, leaks[:20]))
