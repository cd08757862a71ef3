"""One valid case of each kind per service, made before fuzzing, so generated requests reach real cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

T = "/v1/townships/{township}"
PERSON = {"name": "张三", "id_number": "411422198001010010", "phone": "13812345678"}
MEMBERS = [{"name": "王主任", "gender": "male", "position": "chair", "kind": "full_time", "phone": "13900001111"},
           {"name": "赵女士", "gender": "female", "position": "member", "kind": "full_time"},
           {"name": "钱委员", "gender": "male", "position": "member", "kind": "part_time"}]


def seeds(service: str) -> list[tuple[str, dict[str, Any]]]:
    """(collection path template, body) of the cases to make in `service`."""
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    return {
        "mediation": [
            (f"{T}/disputes", {"level": "village", "village": "v01", "source": "application", "category": "neighbours",
                               "parties": [PERSON, {"name": "李四"}], "people_involved": 2, "amount": "3000",
                               "description": "a wall on the boundary"}),
            (f"{T}/committees", {"level": "village", "village": "v01", "name": "示范一村人民调解委员会",
                                 "members": MEMBERS, "term_start": "2026-01-01"}),
        ],
        "disclosure": [
            (f"{T}/publications", {"title": "2026年第一季度低保名单", "body": "名单见附件",
                                   "category": "social_assistance", "formed_on": "2026-02-27"}),
            (f"{T}/requests", {"channel": "in_person", "applicant_type": "natural_person", "applicant": PERSON,
                               "information_sought": "2025年度低保资金发放明细", "received_on": "2026-02-10"}),
        ],
        "petition": [
            (f"{T}/petitions", {"channel": "letter", "petitioners": [PERSON], "subject": "村道修路占地补偿",
                                "claims": ["补偿占地款"], "village": "v03"}),
            (f"{T}/reception-days", {"kind": "joint", "day": "2026-03-05", "place": "后台乡社会治理中心",
                                     "leader": "王乡长", "participants": [{"name": "赵代表", "role": "npc_deputy"}]}),
            (f"{T}/suggestions", {"kind": "deputy_suggestion", "author": "赵代表", "title": "修缮村道",
                                  "content": "建议硬化v03村道"}),
        ],
        "reporting": [
            (f"{T}/work-records/trainings", {"held_on": "2026-05-10", "topic": "行政执法培训", "attendees": 30}),
            (f"{T}/work-records/publicity", {"held_on": "2026-03-05", "theme": "civil_code", "title": "民法典宣讲",
                                             "village": "v03", "participants": 120}),
            (f"{T}/work-records/advisors", {"law_firm": "河南某律师事务所", "advisor": "王律师",
                                            "advises_government": True, "villages": ["v01"],
                                            "contract_start": "2026-01-01", "contract_end": "2026-12-31"}),
            (f"{T}/silences", {"reason": "county drill", "rule": "major_dispute", "ends_at": tomorrow}),
            (f"{T}/alert-webhooks", {"url": "https://hooks.example.org/fazhi", "rules": ["major_dispute"]}),
        ],
    }[service]


def plant(client: Any, service: str, township: str, headers: dict[str, str]) -> dict[str, list[str]]:
    """Make the seed cases in `township`; their ids by collection path template."""
    made: dict[str, list[str]] = {}
    for collection, body in seeds(service):
        response = client.post(collection.replace("{township}", township), json=body, headers=headers)
        assert response.status_code == 201, f"seeding {collection}: {response.status_code} {response.text}"
        made.setdefault(collection, []).append(response.json()["id"])
    return made
