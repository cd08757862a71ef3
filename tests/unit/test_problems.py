"""Specification of RFC 9457 problem+json responses."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel
from structlog.testing import capture_logs

from fazhi.errors import ConcurrencyConflict, RuleViolation
from fazhi.problems import install_problem_handlers


class Party(BaseModel):
    name: str
    id_number: str


class NewCase(BaseModel):
    parties: list[Party]


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/v1/townships/{township}/cases")
    def open_case(township: str, case: NewCase) -> dict:
        return {"parties": len(case.parties)}

    @app.post("/v1/townships/{township}/cases/{case_id}/close")
    def close(township: str, case_id: str) -> dict:
        raise RuleViolation("a case can only be closed after a mediation session", field="status")

    @app.post("/v1/townships/{township}/cases/{case_id}/reopen")
    def reopen(township: str, case_id: str) -> dict:
        raise ConcurrencyConflict("mediation-c1", expected_version=3, actual_version=4)

    @app.get("/boom")
    def boom() -> dict:
        raise RuntimeError("password=hunter2 at db.internal:5432")

    return TestClient(app, raise_server_exceptions=False)


def _problem(response) -> dict:
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


def test_malformed_json_body_is_a_400_problem(client) -> None:
    response = client.post(
        "/v1/townships/T01/cases", content=b'{"parties": [', headers={"Content-Type": "application/json"}
    )
    body = _problem(response)
    assert response.status_code == 400 and body["status"] == 400
    assert body["title"] == "请求体不是合法的 JSON" and body["instance"] == "/v1/townships/T01/cases"


def test_missing_field_is_a_422_naming_the_field(client) -> None:
    response = client.post("/v1/townships/T01/cases", json={"parties": [{"name": "张三"}]})
    body = _problem(response)
    assert response.status_code == 422
    assert body["field"] == "parties.0.id_number"
    assert body["errors"] == [{"field": "parties.0.id_number", "reason": "缺少必填字段（Field required）"}]
    assert "parties.0.id_number" in body["detail"]


def test_rule_violation_is_a_409_with_its_reason_and_field(client) -> None:
    response = client.post("/v1/townships/T01/cases/c1/close")
    body = _problem(response)
    assert response.status_code == 409
    assert body == {
        "type": "https://fazhi.example/problems/rule-violation",
        "title": "当前状态下不允许此操作",
        "status": 409,
        "detail": "a case can only be closed after a mediation session",
        "instance": "/v1/townships/T01/cases/c1/close",
        "field": "status",
    }


def test_concurrency_conflict_names_both_versions(client) -> None:
    body = _problem(client.post("/v1/townships/T01/cases/c1/reopen"))
    assert body["type"].endswith("/concurrency-conflict") and "field" not in body
    assert (body["expected_version"], body["actual_version"]) == (3, 4)


def test_unknown_route_is_a_404_problem(client) -> None:
    response = client.get("/v1/nowhere")
    assert response.status_code == 404 and _problem(response)["title"] == "未找到"


def test_wrong_method_is_a_405_problem_keeping_the_allow_header(client) -> None:
    response = client.get("/v1/townships/T01/cases")
    assert response.status_code == 405 and _problem(response)["status"] == 405
    assert "POST" in response.headers["allow"]


def test_unexpected_exception_is_a_500_without_internals_but_logged_with_its_traceback(client) -> None:
    with capture_logs() as logs:
        response = client.get("/boom")
    body = _problem(response)
    assert response.status_code == 500 and body["title"] == "服务器内部错误"
    assert "hunter2" not in response.text and "RuntimeError" not in response.text
    assert isinstance(logs[0]["exc_info"], RuntimeError) and logs[0]["log_level"] == "error"


def test_problems_are_in_english_when_the_request_prefers_it(client) -> None:
    english = {"Accept-Language": "en-US,en;q=0.9"}
    assert _problem(client.post("/v1/townships/T01/cases/c1/close", headers=english))["title"] == \
        "Not allowed in the current state"
    invalid = _problem(client.post("/v1/townships/T01/cases", json={"parties": [{"name": "张三"}]}, headers=english))
    assert invalid["title"] == "Invalid input"
    assert invalid["errors"] == [{"field": "parties.0.id_number", "reason": "Field required"}]
    assert invalid["detail"] == "parties.0.id_number is invalid: Field required."
    assert _problem(client.get("/v1/nowhere", headers=english))["title"] == "Not Found"


@pytest.mark.parametrize("header", [None, "fr-FR,fr;q=0.9", "x-klingon", "*", "zh-CN", "de;q=0.9,zh;q=0.8,en;q=0.5",
                                    "en;q=0", "en;q=nonsense", ""])
def test_an_unknown_or_missing_language_falls_back_to_chinese(client, header) -> None:
    headers = {"Accept-Language": header} if header is not None else {}
    body = _problem(client.post("/v1/townships/T01/cases", json={"parties": [{"name": "张三"}]}, headers=headers))
    assert body["title"] == "输入无效"
    assert body["detail"] == "parties.0.id_number 无效：缺少必填字段（Field required）。"


def test_english_wins_only_when_it_outranks_chinese() -> None:
    from fazhi.language import preferred

    assert preferred("zh;q=0.5,en;q=0.9") == "en"
    assert preferred("zh-CN,zh;q=0.9,en;q=0.8") == "zh"
    assert preferred("fr,en-GB;q=0.7") == "en"
