"""The fuzz gate: every operation of every service, driven by schemathesis-generated requests (valid and
invalid by the schema), never answers 5xx. `FAZHI_FUZZ_EXAMPLES` sets the cases per operation and mode."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from schemathesis.generation.modes import GenerationMode

from tests.integration.fuzz_seeds import plant
from tests.integration.fuzzing import Cases, Sent, drive, operations, plausible, running, send

EXAMPLES = int(os.environ.get("FAZHI_FUZZ_EXAMPLES", "6"))
SERVICES = ["mediation", "disclosure", "petition", "reporting"]


@pytest.fixture
def service(request: pytest.FixtureRequest, tmp_path: Path, nats_server) -> Iterator:
    with running(request.param, tmp_path, nats_server.url) as client:
        client.county_admin = client.bearer(county=True)
        yield client


@pytest.mark.parametrize("service", SERVICES, indirect=True)
def test_no_generated_request_gets_a_server_error(service) -> None:
    errors: list[Sent] = []
    made = Cases(plant(service, service.service, "houtai", service.county_admin))
    sent = 0

    def each(operation, mode: GenerationMode):
        def one(case) -> None:
            nonlocal sent
            if mode is GenerationMode.POSITIVE:  # valid cases reach past the township and id lookups
                if "township" in case.path_parameters:
                    case.path_parameters["township"] = "houtai"
                made.fill(operation, case, sent)
                plausible(case)
            result = send(service, case, service.county_admin)
            if result is None:
                return
            sent += 1
            if result.status >= 500:
                errors.append(result)
            made.remember(operation, result, _json(result.text))
        return one

    for operation in operations(service.app):
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            drive(operation, mode, EXAMPLES, each(operation, mode))
    assert sent > 0
    assert not errors, f"{len(errors)} server errors in {sent} requests:\n" + "\n".join(map(str, errors[:20]))


def _json(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return None
