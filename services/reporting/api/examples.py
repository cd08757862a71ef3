"""Request examples of the reporting and alert API, by operationId, shown in `/docs` and the OpenAPI document."""

from __future__ import annotations

from typing import Any

ACTIVITY = {"held_on": "2026-03-05", "theme": "civil_code", "title": "《民法典》进村宣讲", "village": "v01",
            "participants": 120}
TRAINING = {"held_on": "2026-04-10", "topic": "行政执法程序", "attendees": 35}
SILENCE = {"reason": "系统演练", "ends_at": "2026-03-01T18:00:00+08:00", "rule": "due_soon"}
WEBHOOK = {"url": "https://alerts.county.example/fazhi", "rules": ["major_dispute", "group_visit"], "levels": []}

RECEIVER = {"channel": "wecom", "name": "乡值班群", "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY",
            "on_duty": True, "rules": ["major_dispute"], "levels": []}
SHIFT = {"person": "张乡长", "role": "leader", "starts_at": "2026-12-02T18:00:00+08:00",
         "ends_at": "2026-12-03T08:30:00+08:00", "receivers": ["RECEIVER-ID"]}
EXAMPLES: dict[str, Any] = {
    "editNarrative": {"text": "一年来，我乡坚持依法行政……", "placement": "after"},
    "enterTableTwo": {"licences": 12, "penalties": 3, "enforcement": 0, "fees": "1.25",
                      "source": "县行政审批局办件台账"},
    "recordActivity": ACTIVITY, "correctActivity": {**ACTIVITY, "participants": 150},
    "withdrawActivity": {"reason": "重复登记"},
    "engageAdvisor": {"law_firm": "某律师事务所", "advisor": "孙律师", "advises_government": True,
                      "villages": ["v01", "v02"], "contract_start": "2026-01-01", "contract_end": "2026-12-31"},
    "giveOpinion": {"given_on": "2026-05-06", "subject": "征地补偿方案合法性审查"},
    "endEngagement": {"ended_on": "2026-09-30", "reason": "律师事务所变更"},
    "recordTraining": TRAINING, "correctTraining": {**TRAINING, "attendees": 40},
    "withdrawTraining": {"reason": "重复登记"},
    "acknowledgeAlert": {"comment": "已安排调解员到场"},
    "resolveAlert": {"reason": "已妥善处置"},
    "createSilence": SILENCE, "createCountySilence": {**SILENCE, "township": "houtai"},
    "extendSilence": {"ends_at": "2026-03-01T20:00:00+08:00"}, "extendCountySilence": {"ends_at": "2026-03-01T20:00:00+08:00"},
    "registerWebhook": WEBHOOK, "registerCountyWebhook": WEBHOOK,
    "rotateSecret": {"keep_previous_hours": 24}, "rotateCountySecret": {"keep_previous_hours": 24},
    "registerReceiver": RECEIVER, "registerCountyReceiver": RECEIVER,
    "scheduleShift": SHIFT, "scheduleCountyShift": SHIFT,
}
