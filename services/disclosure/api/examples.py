"""Request examples of the disclosure API, by operationId, shown in `/docs` and the OpenAPI document.

Placeholders only: the applicant's name, ID number (a valid check digit, not a real person) and phone are made up.
"""

from __future__ import annotations

from typing import Any

EXAMPLES: dict[str, Any] = {
    "draftPublication": {"title": "2026年第一季度低保资金发放情况", "body": "本季度共发放低保资金……",
                         "category": "social_assistance", "formed_on": "2026-04-03"},
    "revisePublication": {"body": "更正后的发放情况……"},
    "submitReview": {"revision": 1},
    "approvePublication": {"revision": 1, "comment": "不涉密，同意公开"},
    "refusePublication": {"revision": 1, "grounds": ["personal_privacy"], "comment": "含身份证号"},
    "publishPublication": {"channels": ["website", "notice_board"], "revision": 1},
    "withdrawPublication": {"reason": "名单有误"},
    "receiveRequest": {
        "channel": "in_person", "applicant_type": "natural_person",
        "applicant": {"name": "张三", "id_number": "110101199003074514", "phone": "13812345678"},
        "information_sought": "本村2025年土地征收补偿标准", "delivery": "纸质", "received_on": "2026-03-02",
    },
    "askCorrection": {"missing": "请写明所需信息的名称或文号", "correct_by": "2026-03-20", "asked_on": "2026-03-04"},
    "receiveCorrection": {"received_on": "2026-03-10"},
    "abandonRequest": {"closed_on": "2026-03-25"},
    "consultRequest": {"consultee": {"name": "某农业公司", "phone": "0370-1234567"}, "consulted_on": "2026-03-05"},
    "consultationAnswered": {"opinion": "consents", "answered_on": "2026-03-12"},
    "extendRequest": {"reason": "需调取档案", "extended_on": "2026-03-18"},
    "chargeFee": {"amount": "100", "basis": "per_volume", "note": "超过30页", "charged_on": "2026-03-10"},
    "answerRequest": {"outcome": "granted", "summary": "予以公开，已提供复印件", "answered_on": "2026-03-16"},
    "recordReview": {"filed_on": "2026-04-01", "result": "pending"},
    "recordReviewResult": {"result": "maintained", "decided_on": "2026-05-20"},
    "recordLawsuit": {"filed_on": "2026-06-01", "result": "pending"},
    "recordLawsuitResult": {"result": "maintained", "decided_on": "2026-09-01"},
}
