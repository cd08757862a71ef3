"""Input is taken as sent or refused naming the field: strict JSON types, dates from 1900 to 2100, no null where
a value is needed, no control characters in text, bounded bodies read only for a valid token, real
Idempotency-Keys."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fazhi.clock import FixedClock

RECORDS = "/v1/townships/houtai/work-records"
PUBLICATIONS = "/v1/townships/houtai/publications"
DISPUTES = "/v1/townships/houtai/disputes"
TRAINING = {"held_on": "2026-05-10", "topic": "行政执法培训", "attendees": 30}
ACTIVITY = {"held_on": "2026-03-05", "theme": "civil_code", "title": "《民法典》进村宣讲", "village": "v03",
            "participants": 120}
ITEM = {"title": "2026年第一季度低保名单", "body": "名单见附件", "category": "social_assistance",
        "formed_on": "2026-02-27"}
DISPUTE = {"level": "village", "village": "v01", "source": "application", "category": "neighbours",
           "parties": [{"name": "张三"}, {"name": "李四"}], "people_involved": 2, "amount": "3000",
           "description": "a wall on the boundary"}


@pytest.fixture
def reporting(api_for):
    return api_for("reporting", clock=FixedClock(datetime(2026, 6, 1, 2, tzinfo=UTC)))


def refused(response, status: int, field: str | None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem.get("field") == field, problem
    return problem


def record(api, kind: str, body: dict, **headers: str):
    return api.client.post(f"{RECORDS}/{kind}", json=body, headers=api.headers("houtai", roles=("reporter",),
                                                                              **headers))


def stored(api) -> int:
    return len(api.client.portal.call(api.client.app.state.runtime.store.read_all, 0, 10_000))


@pytest.mark.parametrize(("kind", "body"), [("trainings", TRAINING), ("publicity", ACTIVITY)])
@pytest.mark.parametrize("held_on", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_a_date_outside_1900_to_2100_is_refused(reporting, kind, body, held_on) -> None:
    refused(record(reporting, kind, {**body, "held_on": held_on}), 422, "held_on")
    assert stored(reporting) == 0


@pytest.mark.parametrize(("change", "field"), [
    ({"attendees": "30"}, "attendees"),  # a number in a string
    ({"attendees": 30.0}, "attendees"),
    ({"attendees": True}, "attendees"),
    ({"topic": True}, "topic"),
    ({"topic": 12}, "topic"),
    ({"held_on": 1778371200}, "held_on"),  # a Unix timestamp (midnight, which lax parsing takes as a day)
    ({"held_on": "1778371200"}, "held_on"),
])
def test_values_of_the_wrong_json_type_are_refused_not_coerced(reporting, change, field) -> None:
    refused(record(reporting, "trainings", {**TRAINING, **change}), 422, field)
    assert stored(reporting) == 0


def test_an_iso_date_string_and_plain_values_are_accepted(reporting) -> None:
    assert record(reporting, "trainings", TRAINING).status_code == 201


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x0b", "\x0c", "\x7f", "\u202e", "\u202a", "\u2066", "\u2069",
                                  "\r"])
def test_control_characters_in_text_are_refused_naming_the_field(reporting, char) -> None:
    problem = refused(record(reporting, "trainings", {**TRAINING, "topic": f"行政{char}执法"}), 422, "topic")
    assert "control character" in problem["detail"]
    assert stored(reporting) == 0


def test_line_breaks_and_tabs_are_text(reporting) -> None:
    assert record(reporting, "trainings", {**TRAINING, "topic": "行政执法\n\t培训\r\n第二期"}).status_code == 201


def test_a_control_character_deep_in_a_body_is_named_by_its_path(api_for) -> None:
    api = api_for("mediation")
    body = {**DISPUTE, "parties": [{"name": "张三"}, {"name": "李\x1b[31m四"}]}
    refused(api.client.post(DISPUTES, json=body, headers=api.headers("houtai")), 422, "parties.1.name")
    strict = {**DISPUTE, "people_involved": "2"}
    refused(api.client.post(DISPUTES, json=strict, headers=api.headers("houtai")), 422, "people_involved")
    assert api.client.post(DISPUTES, json=DISPUTE, headers=api.headers("houtai")).status_code == 201


@pytest.mark.parametrize("field", ["title", "category", "formed_on"])
def test_null_where_a_value_is_needed_is_a_422_not_a_500(api_for, field) -> None:
    api = api_for("disclosure", clock=FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC)))
    officer = api.headers("houtai", roles=("disclosure_officer",))
    created = api.client.post(PUBLICATIONS, json=ITEM, headers=officer)
    assert created.status_code == 201, created.text
    before = stored(api)
    revise = f"{PUBLICATIONS}/{created.json()['id']}/revise"
    refused(api.client.post(revise, json={field: None}, headers=officer), 422, field)
    assert stored(api) == before
    assert api.client.post(revise, json={"title": "2026年第一季度低保名单（更正）"}, headers=officer).status_code == 200


@pytest.mark.parametrize("key", ["", "   "])
def test_an_empty_idempotency_key_is_a_400(reporting, key) -> None:
    refused(record(reporting, "trainings", TRAINING, Idempotency_Key=key), 400, "Idempotency-Key")
    assert stored(reporting) == 0


def test_a_body_over_the_limit_is_a_413(api_for) -> None:
    api = api_for("reporting", max_body_bytes=2048)
    big = {**TRAINING, "topic": "培" * 1000}  # 3,000 bytes of UTF-8
    refused(record(api, "trainings", big), 413, None)
    assert record(api, "trainings", TRAINING).status_code == 201


def test_the_default_limit_is_one_mebibyte_also_for_a_streamed_body(reporting) -> None:
    headers = reporting.headers("houtai", roles=("reporter",), Content_Type="application/json")

    def chunks():  # no Content-Length: the limit holds as the body streams in
        yield b'{"topic": "'
        for _ in range(2048):
            yield b"x" * 1024
        yield b'"}'

    refused(reporting.client.post(f"{RECORDS}/trainings", content=chunks(), headers=headers), 413, None)


def test_a_body_without_a_valid_token_is_refused_before_it_is_read(reporting) -> None:
    app = reporting.client.app
    reads: list[dict] = []
    sent: list[dict] = []

    async def call(authorization: bytes | None) -> None:
        async def receive() -> dict:
            reads.append({})
            return {"type": "http.request", "body": b"{}" + b" " * (8 * 1024 * 1024), "more_body": False}

        async def send(message: dict) -> None:
            sent.append(message)

        headers = [(b"content-type", b"application/json"), (b"content-length", str(8 * 1024 * 1024 + 2).encode())]
        headers += [(b"authorization", authorization)] if authorization else []
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                 "scheme": "http", "path": f"{RECORDS}/trainings", "raw_path": f"{RECORDS}/trainings".encode(),
                 "query_string": b"", "root_path": "", "headers": headers, "server": ("testserver", 80),
                 "client": ("127.0.0.1", 1234)}
        await app(scope, receive, send)

    for authorization in (None, b"Bearer not-a-token"):
        sent.clear()
        reporting.client.portal.call(call, authorization)
        assert sent[0]["status"] == 401
    assert reads == []
    sent.clear()
    token = reporting.headers("houtai", roles=("reporter",))["Authorization"].encode()
    reporting.client.portal.call(call, token)
    assert sent[0]["status"] == 413 and reads == []  # too large by its Content-Length: not read either
