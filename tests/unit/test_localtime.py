"""Specification of local time at the edge: bodies show the county's offset, events keep UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fazhi.county import load_county, parse_county
from fazhi.localtime import LocalTimeJSONResponse, local_zone, localize

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_county_time_zone_defaults_to_shanghai_and_an_unknown_one_is_refused() -> None:
    assert load_county().zone == SHANGHAI
    with pytest.raises(ValueError, match="timezone: .*unknown time zone 'Mars/Olympus'"):
        parse_county("code: x1\nname: 县\ntownships: []\ntimezone: Mars/Olympus\n", "x.yaml")
    assert parse_county("code: x1\nname: 县\ntownships: []\ntimezone: Asia/Urumqi\n", "x.yaml").zone == \
        ZoneInfo("Asia/Urumqi")


def test_every_timestamp_in_a_body_is_shown_in_the_county_zone_and_dates_stay_dates() -> None:
    body = {"raised_at": "2026-03-01T16:30:00+00:00", "due_on": "2026-03-02", "note": "见 2026-03-01T16:30:00Z",
            "items": [{"at": "2026-03-01T16:30:00.123456Z"}], "count": 3, "when": datetime(2026, 3, 1, 16, 30, tzinfo=UTC)}
    shown = localize(body, SHANGHAI)
    assert shown["raised_at"] == "2026-03-02T00:30:00+08:00"
    assert shown["items"] == [{"at": "2026-03-02T00:30:00.123456+08:00"}]
    assert shown["when"] == datetime(2026, 3, 2, 0, 30, tzinfo=SHANGHAI)
    assert (shown["due_on"], shown["note"], shown["count"]) == ("2026-03-02", body["note"], 3)
    assert datetime.fromisoformat(shown["raised_at"]) == datetime.fromisoformat(body["raised_at"])  # same instant


def test_the_json_response_uses_the_zone_bound_to_the_request() -> None:
    app = FastAPI(default_response_class=LocalTimeJSONResponse)

    @app.get("/t")
    def at() -> dict:
        return {"at": datetime(2026, 1, 1, 0, 0, tzinfo=UTC), "on": date(2026, 1, 1)}

    client = TestClient(app)
    assert client.get("/t").json() == {"at": "2026-01-01T08:00:00+08:00", "on": "2026-01-01"}
    with local_zone(ZoneInfo("Asia/Urumqi")):
        assert LocalTimeJSONResponse({"at": "2026-01-01T00:00:00Z"}).body == b'{"at":"2026-01-01T06:00:00+06:00"}'
