"""Driving a service's whole OpenAPI with schemathesis-generated requests, in-process, on a real database and NATS.

Schemathesis generates each case; it is sent through the service's own TestClient (lifespan running), so the
app runs on one event loop with its store and bus, as in every other integration test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from dataclasses import dataclass
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.core import NotSet
from schemathesis.generation.modes import GenerationMode

from fazhi.auth import issue_token, load_or_create_signing_key
from fazhi.plaintext import without_control_characters

SKIPPED = {("GET", "/v1/alerts/stream")}  # an endless event stream: driven by its own tests
HOST = "http://testserver"


@dataclass(frozen=True)
class Sent:
    """One request sent and the status it got."""

    method: str
    path: str
    query: dict[str, Any]
    body: Any
    status: int
    text: str

    def __str__(self) -> str:
        return f"{self.method} {self.path} query={self.query} body={self.body!r} → {self.status} {self.text[:300]}"


@contextmanager
def running(name: str, tmp_path: Path, nats_url: str) -> Iterator[Any]:
    """The service `name` in this process on a SQLite file and the given NATS; `.token(...)` signs for it."""
    from fastapi.testclient import TestClient

    from fazhi.settings import Settings

    config = Settings(service=name, data_dir=tmp_path / "var", nats_urls=nats_url,
                      database_url=f"sqlite+aiosqlite:///{tmp_path}/{name}.db")
    with TestClient(import_module(f"services.{name}.app").build(config), raise_server_exceptions=False) as client:
        key = load_or_create_signing_key(config.signing_key_path)
        client.service = name
        client.bearer = lambda **scope: {"Authorization": "Bearer " + issue_token(key, subject="fuzzer",
                                                                                  roles=["admin"], **scope)}
        yield client


def operations(app: Any) -> list[Any]:
    """Every operation of the app's OpenAPI document but the endless ones; creates first, so the
    operations on one case can be driven with the ids they made."""
    schema = schemathesis.openapi.from_dict(app.openapi())
    found = [result.ok() for result in schema.get_all_operations()]
    found = [op for op in found if (op.method.upper(), op.path) not in SKIPPED]
    return sorted(found, key=lambda op: not is_create(op))


def is_create(operation: Any) -> bool:
    """`POST /…/{township}/things`: makes a case whose id later paths take."""
    return operation.method.upper() == "POST" and not operation.path.endswith("}") and \
        operation.path.count("{") == 1 and "{township}" in operation.path


class Cases:
    """Ids of what the creates made, by the collection path they were posted to."""

    def __init__(self, made: dict[str, list[str]] | None = None) -> None:
        self.made: dict[str, list[str]] = {k: list(v) for k, v in (made or {}).items()}

    def remember(self, operation: Any, sent: Sent, body: Any) -> None:
        if is_create(operation) and sent.status == 201 and isinstance(body, dict) and "id" in body:
            self.made.setdefault(operation.path, []).append(str(body["id"]))

    def fill(self, operation: Any, case: Any, pick: int) -> None:
        """Put an id made earlier into each id parameter of the path that follows its collection."""
        for name in list(case.path_parameters):
            marker = "/{" + name + "}"
            if name == "township" or marker not in operation.path:
                continue
            made = self.made.get(operation.path.split(marker)[0], [])
            if made:
                case.path_parameters[name] = made[pick % len(made)]


def send(client: Any, case: Any, headers: dict[str, str]) -> Sent | None:
    """Send a generated case; None when httpx cannot even encode it (a header outside Latin-1)."""
    request: dict[str, Any] = {"params": case.query or None, "headers": {**(case.headers or {}), **headers}}
    if not isinstance(case.body, NotSet):
        request["json"] = case.body
    try:
        response = client.request(case.method, case.formatted_path, **request)
    except (httpx.InvalidURL, UnicodeEncodeError, ValueError, TypeError):
        return None
    return Sent(case.method, case.formatted_path, dict(case.query or {}), case.body, response.status_code,
                response.text)


def plausible(case: Any) -> None:
    """Make a case valid by the schema also valid by what the schema cannot say: text without control
    characters, no stale If-Match. So valid cases reach the domain instead of the edge's refusals."""
    case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() not in ("if-match", "authorization")}
    if not isinstance(case.body, NotSet):
        case.body = _printable(case.body)


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, list):
        return [_printable(item) for item in value]
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    return value


def drive(operation: Any, mode: GenerationMode, examples: int, each: Callable[[Any], None]) -> None:
    """Call `each` with up to `examples` cases of `operation` in `mode`; the same cases on every run."""

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        each(case)

    try:
        run()
    except Unsatisfiable:
        pass  # nothing to get wrong: an operation without parameters or body has no invalid cases
