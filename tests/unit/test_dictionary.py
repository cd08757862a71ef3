"""Specification of the dictionaries (字典): every code a service shows has a Chinese label."""

from __future__ import annotations

import inspect
from enum import Enum
from importlib import import_module

import pytest
from fastapi.testclient import TestClient

from fazhi.auth import ROLE_LABELS, Role
from fazhi.county import RISK_FLAG_LABELS, RiskFlag
from fazhi.dictionary import Dictionary, missing_labels
from fazhi.settings import Settings
from services.reporting.alerts.contract import Rule
from services.reporting.alerts.titles import chinese_title

CONTRACTS = ["services.mediation.contract", "services.petition.contract", "services.disclosure.contract.outcomes",
             "services.disclosure.contract.publication", "services.disclosure.contract.request",
             "services.reporting.contract", "services.reporting.alerts.contract"]
SERVICES = ("mediation", "disclosure", "petition", "reporting")


@pytest.mark.parametrize("name", CONTRACTS)
def test_every_enum_of_a_contract_has_a_label_for_every_member(name: str) -> None:
    module = import_module(name)
    enums = {cls for _, cls in inspect.getmembers(module, inspect.isclass)
             if issubclass(cls, Enum) and cls.__module__ == name}
    assert enums and enums <= set(module.LABELS), sorted(e.__name__ for e in enums - set(module.LABELS))
    assert missing_labels(module.LABELS) == []


def test_kernel_codes_and_domain_statuses_have_labels_too() -> None:
    from services.disclosure.domain.publication_state import PUBLICATION_STATUS_LABELS, PublicationStatus
    from services.disclosure.domain.request_state import REQUEST_STATUS_LABELS, RequestStatus

    assert missing_labels({Role: ROLE_LABELS, RiskFlag: RISK_FLAG_LABELS, RequestStatus: REQUEST_STATUS_LABELS,
                           PublicationStatus: PUBLICATION_STATUS_LABELS}) == []


def test_a_missing_or_stray_label_is_found() -> None:
    assert missing_labels({RiskFlag: {RiskFlag.MASS: "群体性", RiskFlag.BYPASS_RISK: " ", "ufo": "不明"}}) == [
        "RiskFlag.CRIMINAL_RISK", "RiskFlag.BYPASS_RISK", "RiskFlag: 'ufo'"]


def test_a_body_gets_a_label_beside_each_code_and_a_list_of_labels_beside_a_list() -> None:
    dictionary = Dictionary.of({RiskFlag: RISK_FLAG_LABELS})
    body = dictionary.label({"flags": ["mass", "criminal_risk"], "flag": "mass", "none": None},
                            {"flags": "risk_flag", "flag": "risk_flag", "none": "risk_flag", "absent": "risk_flag"})
    assert body == {"flags": ["mass", "criminal_risk"], "flags_labels": ["群体性", "民转刑风险"],
                    "flag": "mass", "flag_label": "群体性", "none": None, "none_label": None}


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_serves_its_dictionary_with_the_roles(service: str) -> None:
    app = import_module(f"services.{service}.app").build(Settings(service=service))
    answer = TestClient(app).get("/v1/dictionary")  # public: codes and labels only
    assert answer.status_code == 200
    dictionaries = answer.json()["dictionaries"]
    assert {"code": "mediator", "label": "人民调解员"} in dictionaries["role"]
    assert all(entry["label"] for entries in dictionaries.values() for entry in entries)


def test_the_mediation_dictionary_labels_the_dispute_codes() -> None:
    from services.mediation.views import DICTIONARY

    assert DICTIONARY.entries["category"]["labour_wages"] == "劳动争议、欠薪"
    assert DICTIONARY.entries["dispute_status"]["agreed"] == "达成调解协议"
    assert DICTIONARY.entries["severity_reason"]["people_involved"] == "涉及人数达到重大标准"


def _alert(rule: str, details: dict, kind: str = "dispute", village: str | None = "v01") -> dict:
    return {"rule": rule, "details": details, "subject": {"kind": kind}, "village": village, "title": "stored"}


@pytest.mark.parametrize(("alert", "title"), [
    (_alert("major_dispute", {"reasons": ["people_involved", "amount", "mass"]}),
     "重大矛盾纠纷：涉及人数达到重大标准、涉案金额达到重大标准、群体性"),
    (_alert("risk_flag", {"risk_flags": ["criminal_risk"]}), "纠纷存在风险：民转刑风险"),
    (_alert("group_visit", {"group_size": 12, "subject": "欠薪"}, "case"), "集体访（12人）：欠薪"),
    (_alert("bypass_petition", {"subject": "征地"}, "case"), "越级访：征地"),
    (_alert("due_soon", {"due_on": "2026-03-02", "what": "conclude"}), "纠纷即将到期：应于 2026-03-02 前调解结案"),
    (_alert("overdue", {"due_on": "2026-03-02", "what": "accept"}, "case"), "信访事项已逾期：应于 2026-03-02 前决定是否受理"),
    (_alert("village_overdue", {"village_due_on": "2026-03-02", "days": 15}), "村（v01）未在 15 天内化解，转乡镇处理"),
    (_alert("repeat_petition", {"count": 3, "window_days": 90}, "case"), "重复访：同一人 90 天内第 3 次"),
    (_alert("missing_screening", {"month": "2026-03"}, "village"), "村（v01）2026-03 月矛盾纠纷排查未报告"),
])
def test_every_alert_rule_has_a_chinese_title(alert: dict, title: str) -> None:
    assert chinese_title(alert) == title


def test_every_rule_is_covered_and_a_title_without_its_facts_falls_back_to_the_stored_one() -> None:
    from services.reporting.alerts.titles import _ZH

    assert set(_ZH) == set(Rule)
    assert chinese_title(_alert("major_dispute", {})) == "stored"
