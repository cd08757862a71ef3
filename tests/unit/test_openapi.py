"""The OpenAPI document of every service is made for integrators who never read the code."""

from __future__ import annotations

import re
from importlib import import_module
from typing import Any

import pytest

from fazhi.openapi import is_camel_case
from fazhi.settings import Settings

SERVICES = ("mediation", "disclosure", "petition", "reporting")
METHODS = ("get", "post", "put", "patch", "delete")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module", params=SERVICES)
def spec(request: pytest.FixtureRequest) -> dict[str, Any]:
    return import_module(f"services.{request.param}.app").build(Settings(service=request.param)).openapi()


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, item in spec["paths"].items() for method, op in item.items()
            if method in METHODS]


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _typed(spec: dict[str, Any], schema: dict[str, Any]) -> bool:
    """A schema a generated client can type: an object with named properties, a list of such, or text."""
    schema = _resolve(spec, schema)
    if schema.get("type") == "string":
        return True
    if schema.get("type") == "array":
        return _typed(spec, schema.get("items", {}))
    return bool(schema.get("properties"))


def test_every_operation_has_a_unique_camel_case_operation_id(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in _operations(spec)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert [i for i in ids if not is_camel_case(i)] == []
    assert "registerDispute" in ids or "receiveRequest" in ids or "registerPetition" in ids or "listAlerts" in ids


def test_every_operation_has_a_chinese_summary(spec: dict[str, Any]) -> None:
    assert [op["operationId"] for _, _, op in _operations(spec) if not CJK.search(op.get("summary", ""))] == []


def test_every_success_response_has_a_typed_schema(spec: dict[str, Any]) -> None:
    untyped = []
    for path, method, op in _operations(spec):
        for status, response in op["responses"].items():
            if not status.startswith("2"):
                continue
            contents = response.get("content", {})
            if not contents or not all(_typed(spec, c.get("schema", {})) for c in contents.values()):
                untyped.append(f"{method.upper()} {path} {status}")
    assert untyped == []


def test_every_error_response_is_a_problem_json(spec: dict[str, Any]) -> None:
    wrong = []
    for path, method, op in _operations(spec):
        for status, response in op["responses"].items():
            if int(status) >= 400 and int(status) != 503 and \
                    response.get("content") != {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}:
                wrong.append(f"{method.upper()} {path} {status}")
    assert wrong == []
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert {"type", "title", "status", "detail", "field", "errors"} <= set(spec["components"]["schemas"]["Problem"]["properties"])


def test_commands_on_a_case_document_the_errors_they_can_return(spec: dict[str, Any]) -> None:
    for path, method, op in _operations(spec):
        if method == "post" and path.startswith("/v1/townships/{township}/") and "requestBody" in op:
            assert {"400", "401", "403", "404", "422"} <= set(op["responses"]), (path, sorted(op["responses"]))


def test_every_request_body_has_an_example_with_the_required_fields(spec: dict[str, Any]) -> None:
    missing, wrong = [], []
    for _, _, op in _operations(spec):
        body = op.get("requestBody", {}).get("content", {}).get("application/json")
        if body is None:
            continue
        if "example" not in body:
            missing.append(op["operationId"])
            continue
        schema = _resolve(spec, next((s for s in body["schema"].get("anyOf", [body["schema"]]) if "$ref" in s),
                                     body["schema"]))
        example = body["example"]
        if not set(schema.get("required", [])) <= set(example) or not set(example) <= set(schema["properties"]):
            wrong.append(op["operationId"])
    assert (missing, wrong) == ([], [])


def test_the_description_says_how_to_get_a_token(spec: dict[str, Any]) -> None:
    description = spec["info"]["description"]
    assert "fazhi token" in description and "identity provider" in description
    assert "Accept-Language: en" in description and "+08:00" in description
