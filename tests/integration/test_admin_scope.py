"""The admin routes are scoped: a township admin sees and replays only its township's dead letters;
county-wide rebuilds need a county admin."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from fazhi.events import RecordedEvent

REFERRAL = {"case_id": "case-7", "village": "v03", "category": "land_homestead", "summary": "a homestead boundary",
            "parties": [{"name": "张三丰", "phone": "13812345678"}], "people_involved": 3,
            "reason": "a civil dispute better mediated"}


def _referral(township: str) -> RecordedEvent:
    at = datetime(2026, 3, 2, 1, tzinfo=UTC)
    return RecordedEvent(event_id=str(uuid.uuid4()), stream_id=f"case-{township}", stream_type="case", version=4,
                         type="petition.case.referred", schema_version=1, township=township,
                         data={**REFERRAL, "case_id": f"case-{township}", "village": None},
                         occurred_at=at, recorded_at=at, metadata={"actor": "petition-desk"})


@pytest.fixture
def api(api_for):
    api = api_for("mediation")
    subscriptions = api.client.app.state.runtime.subscriptions
    for township in ("houtai", "zhoutang"):
        event = _referral(township)
        api.client.portal.call(subscriptions.park, "mediation-referrals", event.subject, event, "simulated", 5)
    return api


def _listed(api, headers) -> dict[str, int]:
    response = api.client.get("/v1/admin/dead-letters", headers=headers)
    assert response.status_code == 200, response.text
    return {item["township"]: item["id"] for item in response.json()["items"]}


def test_a_township_admin_lists_only_its_own_townships_dead_letters(api) -> None:
    assert set(_listed(api, api.headers("houtai"))) == {"houtai"}
    assert set(_listed(api, api.headers("zhoutang"))) == {"zhoutang"}
    assert set(_listed(api, api.headers(county=True))) == {"houtai", "zhoutang"}


def test_a_township_admin_cannot_replay_another_townships_dead_letter(api) -> None:
    ids = _listed(api, api.headers(county=True))
    foreign = api.client.post(f"/v1/admin/dead-letters/{ids['zhoutang']}/replay", headers=api.headers("houtai"))
    assert foreign.status_code == 404, foreign.text
    assert set(_listed(api, api.headers(county=True))) == {"houtai", "zhoutang"}  # still parked
    own = api.client.post(f"/v1/admin/dead-letters/{ids['houtai']}/replay", headers=api.headers("houtai"))
    assert own.status_code == 200, own.text
    assert set(_listed(api, api.headers(county=True))) == {"zhoutang"}


def test_a_township_officer_without_the_admin_role_sees_no_dead_letters(api) -> None:
    response = api.client.get("/v1/admin/dead-letters", headers=api.headers("houtai", roles=("mediator",)))
    assert response.status_code == 403


def test_a_county_wide_rebuild_needs_a_county_admin(api) -> None:
    township = api.client.post("/v1/admin/projections/rebuild", headers=api.headers("houtai"))
    assert township.status_code == 403, township.text
    supervisor = api.client.post("/v1/admin/projections/rebuild",
                                 headers=api.headers(county=True, roles=("county_supervisor",)))
    assert supervisor.status_code == 403
    assert api.client.post("/v1/admin/projections/rebuild", headers=api.headers(county=True)).status_code == 200


@pytest.mark.parametrize("dead_letter_id", ["9223372036854775808", "99999999999999999999999", "0", "-1"])
def test_a_dead_letter_id_outside_64_bits_is_refused_not_a_500(api, dead_letter_id) -> None:
    response = api.client.post(f"/v1/admin/dead-letters/{dead_letter_id}/replay", headers=api.headers(county=True))
    assert response.status_code == 422, response.text
    assert response.json()["field"] == "dead_letter_id"


def test_an_unknown_dead_letter_in_range_is_not_found(api) -> None:
    response = api.client.post("/v1/admin/dead-letters/9223372036854775807/replay", headers=api.headers(county=True))
    assert response.status_code == 404
