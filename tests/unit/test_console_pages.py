"""The console's pure parts: service problems as Chinese field messages, the actions a case allows, labels."""

from __future__ import annotations

from services.console.field_errors import from_problem, in_chinese
from services.console.labels import Dictionary
from services.console.pages.disputes.actions import ACTIONS, allowed
from services.console.pages.disputes.route import SERVICE_FIELDS


def test_a_service_field_error_is_put_at_the_form_field_in_chinese():
    problem = {"status": 422, "field": "parties.0.id_number", "detail": "...", "errors": [
        {"field": "parties.0.id_number", "reason": "ID number check digit is 1, expected X"},
        {"field": "people_involved", "reason": "Input should be greater than or equal to 1"}]}
    errors = from_problem(problem, SERVICE_FIELDS, 422)
    assert errors.by_field == {"party1_id_number": "身份证号码校验位为1，按前17位应为X，请核对",
                               "people_involved": "应不小于1"}
    assert errors.general == []


def test_an_error_on_a_field_the_page_does_not_have_goes_to_the_summary():
    errors = from_problem({"status": 409, "field": "status", "detail": "assign a mediator first"}, {}, 409)
    assert errors.by_field == {} and errors.general == ["当前状态不允许此操作：输入有误（assign a mediator first）"]


def test_a_stale_form_says_to_reload_and_a_refusal_says_so():
    assert from_problem({"detail": "version 3, not 2"}, {}, 412).general == ["此案件刚被他人修改，请刷新后再试。"]
    assert from_problem({"detail": "no"}, {}, 403).general[0] == "您没有权限进行此操作。"
    assert from_problem("not json", {}, 502).general == ["服务返回错误（502），请稍后再试。"]


def test_chinese_messages_pass_through_and_unknown_english_is_marked():
    assert in_chinese("该村不属于本乡镇") == "该村不属于本乡镇"
    assert in_chinese("something new") == "输入有误（something new）"


def test_a_registered_case_can_be_accepted_declined_or_escalated_but_not_closed():
    verbs = [a.verb for a in allowed({"status": "registered"})]
    assert verbs == ["accept", "decline", "escalate"]


def test_a_session_needs_a_mediator_and_an_outcome_needs_a_session():
    assert "record-session" not in [a.verb for a in allowed({"status": "mediating", "mediator": None})]
    with_mediator = [a.verb for a in allowed({"status": "mediating", "mediator": "孙", "sessions": []})]
    assert "record-session" in with_mediator and "agree" not in with_mediator and "fail" not in with_mediator
    assert "agree" in [a.verb for a in allowed({"status": "mediating", "mediator": "孙", "sessions": [{}]})]


def test_an_agreement_is_closed_only_after_a_follow_up():
    assert "close" not in [a.verb for a in allowed({"status": "agreed", "follow_ups": []})]
    assert "close" in [a.verb for a in allowed({"status": "agreed", "follow_ups": [{}]})]


def test_an_action_body_keeps_the_fields_typed_and_the_lists_checked():
    body = ACTIONS["fail"].body({"reason": " 双方差距过大 ", "routes_told": ["court"], "csrf_token": "x"})
    assert body == {"reason": "双方差距过大", "routes_told": ["court"]}
    assert ACTIONS["accept"].body({"csrf_token": "x"}) is None
    assert ACTIONS["agree"].body({"oral_content": "赔偿", "performance_deadline": "2026-12-31"})["form"] == "oral"


def test_a_services_dictionary_overrides_the_fallback_labels_and_odd_answers_are_ignored():
    labels = Dictionary()
    assert labels.label("category", "neighbours") == "邻里纠纷"
    assert labels._merge({"dictionaries": {"category": [{"code": "neighbours", "label": "邻里"}]}})
    assert labels.label("category", "neighbours") == "邻里"
    assert not labels._merge(["not", "a", "dictionary"])
    assert labels.label("category", "unknown_code") == "unknown_code" and labels.label("category", None) == "—"


def test_after_sign_in_the_console_goes_only_to_its_own_pages():
    from services.console.pages.login.route import _safe_next

    assert _safe_next("/t/houtai/disputes") == "/t/houtai/disputes"
    assert [_safe_next(t) for t in ("//evil.example", "/\\evil.example", "https://evil.example", None)] == ["/"] * 4
