"""The HTTP edge every service shares, on a small service built with the kernel's factory."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Depends, Request, Response
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from fazhi.aggregate import Aggregate
from fazhi.auth import Principal, issue_token, load_or_create_signing_key, require
from fazhi.commands import create, execute
from fazhi.errors import RuleViolation
from fazhi.events import DomainEvent
from fazhi.http import IdempotencyKey, IfMatch, Township, command_metadata, etag, fingerprint
from fazhi.service import create_app
from fazhi.settings import Settings


class NoteWritten(DomainEvent):
    type = "edge.note.written"
    text: str


class NoteEdited(DomainEvent):
    type = "edge.note.edited"
    text: str


class Note(Aggregate):
    stream_type = "note"
    text = ""

    def apply(self, event: DomainEvent) -> None:
        self.text = event.text

    def edit(self, text: str) -> list[DomainEvent]:
        if text == self.text:
            raise RuleViolation("the note already says that", field="text")
        return [NoteEdited(text=text)]


class WriteNote(BaseModel):
    text: str = Field(min_length=1)


router = APIRouter()
Clerk = Annotated[Principal, Depends(require("mediator"))]


@router.post("/v1/townships/{township}/notes", status_code=201)
async def write(township: Township, body: WriteNote, who: Clerk, request: Request, response: Response,
                key: IdempotencyKey = None) -> dict[str, Any]:
    note, _ = await create(request.app.state.runtime.store, Note, township,
                           lambda _: [NoteWritten(text=body.text)], metadata=command_metadata(who),
                           idempotency_key=key, fingerprint=fingerprint(body))
    response.headers["Location"] = f"/v1/townships/{township}/notes/{note.id}"
    response.headers["ETag"] = etag(note.version)
    return {"id": note.id, "text": note.text}


@router.post("/v1/townships/{township}/notes/{id}/edit")
async def edit(township: Township, id: str, body: WriteNote, who: Clerk, request: Request,
               if_match: IfMatch) -> dict[str, Any]:
    note = await execute(request.app.state.runtime.store, Note, id, township, lambda n: n.edit(body.text),
                         metadata=command_metadata(who), if_match=if_match)
    return {"id": note.id, "text": note.text, "version": note.version}


@pytest.fixture
def edge(tmp_path, database_url, nats_server):
    settings = Settings(service="mediation", data_dir=tmp_path, database_url=database_url,
                        nats_urls=nats_server.url)
    with TestClient(create_app(settings, [router]), raise_server_exceptions=False) as client:
        key = load_or_create_signing_key(settings.signing_key_path)

        def auth(roles=("mediator",), townships=("houtai",), county=False, ttl=timedelta(hours=1), now=None):
            token = issue_token(key, subject="clerk", roles=list(roles), townships=list(townships),
                                county=county, ttl=ttl, now=now)
            return {"Authorization": f"Bearer {token}"}

        yield client, auth


def problem(response, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    if field is not None:
        assert body["field"] == field
    return body


def test_malformed_json_is_a_400_problem(edge):
    client, auth = edge
    response = client.post("/v1/townships/houtai/notes", content=b'{"text": ', headers={
        **auth(), "Content-Type": "application/json"})
    problem(response, 400)


def test_a_missing_field_is_a_422_naming_it(edge):
    client, auth = edge
    problem(client.post("/v1/townships/houtai/notes", json={}, headers=auth()), 422, "text")


def test_an_unknown_township_is_a_404_naming_the_township(edge):
    client, auth = edge
    response = client.post("/v1/townships/atlantis/notes", json={"text": "x"}, headers=auth(county=True))
    problem(response, 404, "township")


def test_no_token_expired_token_wrong_township_and_wrong_role_are_refused(edge):
    client, auth = edge
    url, body = "/v1/townships/houtai/notes", {"text": "x"}
    missing = problem(client.post(url, json=body), 401)
    assert "bearer" in missing["detail"].lower()
    expired = auth(now=datetime.now(timezone.utc) - timedelta(days=2))
    assert "expired" in problem(client.post(url, json=body, headers=expired), 401)["detail"]
    problem(client.post(url, json=body, headers=auth(townships=("zhoutang",))), 403, "township")
    problem(client.post(url, json=body, headers=auth(roles=("reporter",))), 403)


def test_a_retry_with_the_same_idempotency_key_returns_the_first_case(edge):
    client, auth = edge
    headers = {**auth(), "Idempotency-Key": "k-1"}
    first = client.post("/v1/townships/houtai/notes", json={"text": "x"}, headers=headers)
    again = client.post("/v1/townships/houtai/notes", json={"text": "x"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    other = client.post("/v1/townships/houtai/notes", json={"text": "y"}, headers=headers)
    problem(other, 422, "Idempotency-Key")


def test_if_match_on_a_version_the_case_moved_on_from_is_a_412(edge):
    client, auth = edge
    created = client.post("/v1/townships/houtai/notes", json={"text": "x"}, headers=auth())
    assert created.headers["ETag"] == '"1"'
    url = created.headers["Location"] + "/edit"
    assert client.post(url, json={"text": "y"}, headers={**auth(), "If-Match": '"1"'}).json()["version"] == 2
    problem(client.post(url, json={"text": "z"}, headers={**auth(), "If-Match": '"1"'}), 412, "If-Match")
    problem(client.post(url, json={"text": "y"}, headers=auth()), 409, "text")


def test_health_readiness_and_metrics_are_served(edge):
    client, auth = edge
    assert client.get("/healthz").json()["status"] == "ok"
    for _ in range(50):
        ready = client.get("/readyz")
        if ready.status_code == 200:
            break
        import time

        time.sleep(0.1)
    assert ready.json()["checks"] == {"database": True, "nats": True}
    client.post("/v1/townships/houtai/notes", json={"text": "x"}, headers=auth())
    metrics = client.get("/metrics").text
    assert 'fazhi_http_requests_total{method="POST"' in metrics
    assert "fazhi_relay_lag_events" in metrics
