"""Every route that takes a body authenticates its caller through `fazhi.auth`, whose guard also runs the
strict body check (`fazhi.bodies`): a new route cannot take a body unchecked."""

from __future__ import annotations

from importlib import import_module

import pytest

from fazhi.settings import Settings


def _routes(routes):
    """The app's routes with what they were included with (FastAPI keeps an included router whole)."""
    for route in routes:
        if hasattr(route, "effective_candidates"):
            yield from _routes(route.effective_candidates())
        elif getattr(route, "dependant", None) is not None:
            yield route


def _calls(dependant):
    yield dependant.call
    for sub in dependant.dependencies:
        yield from _calls(sub)


@pytest.mark.parametrize("service", ["mediation", "disclosure", "petition", "reporting"])
def test_every_route_with_a_body_runs_the_auth_guard(service, tmp_path) -> None:
    app = import_module(f"services.{service}.app").build(Settings(service=service, data_dir=tmp_path))
    with_body = [route for route in _routes(app.routes) if route.body_field is not None]
    assert with_body
    unguarded = [f"{sorted(route.methods)} {route.path}" for route in with_body
                 if not any("_guard" in getattr(call, "__qualname__", "") for call in _calls(route.dependant))]
    assert unguarded == []
