"""Live alerts: a major dispute registered by one user appears on another user's 首页 without a reload."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def register_major_dispute(page, base: str) -> float:
    """Fill the form for a dispute of eight people (major by the county's rules); returns when 登记 was pressed."""
    page.goto(f"{base}/t/houtai/disputes/new")
    page.fill("#party1_name", "周大山")
    page.select_option("#village", "v07")
    page.select_option("#category", "land_homestead")
    page.fill("#people_involved", "8")
    page.fill("#description", "八户村民土地承包边界纠纷")
    pressed = time.monotonic()
    page.click("button:has-text('登记')")
    return pressed


def test_a_major_dispute_appears_on_the_leaders_home_page_within_two_seconds_and_is_acknowledged(
        console_stack, open_page):
    console_stack.add_account("leader.houtai", townships=["houtai"], roles=["leader"], name="李乡长")
    console_stack.add_account("clerk.houtai", townships=["houtai"], roles=["mediator"])
    leader, clerk = open_page(), open_page()
    sign_in(leader, console_stack.url, "leader.houtai")
    expect(leader).to_have_url(f"{console_stack.url}/t/houtai/")
    expect(leader.locator("#alert-list")).to_have_attribute("data-live", "on")  # the stream is open
    sign_in(clerk, console_stack.url, "clerk.houtai")

    pressed = register_major_dispute(clerk, console_stack.url)
    alert = leader.locator("#alert-list li", has_text="重大矛盾纠纷")
    expect(alert).to_be_visible(timeout=2000)
    assert time.monotonic() - pressed < 2.0
    expect(alert).to_have_class("alert-item fresh")  # arrived live, not with a reload
    expect(alert).to_contain_text("待处理")

    alert.get_by_role("button", name="认领").click()
    expect(alert).to_contain_text("已认领")
    expect(alert).to_contain_text("leader.houtai")
    leader.reload()  # and it stays acknowledged: the reporting service recorded who took it
    expect(leader.locator("#alert-list li", has_text="重大矛盾纠纷")).to_contain_text("已认领（leader.houtai）")


def test_a_leader_sets_a_silence_with_its_reason_and_ends_it(console_stack, open_page):
    console_stack.add_account("leader2.houtai", townships=["houtai"], roles=["leader"])
    page = open_page()
    sign_in(page, console_stack.url, "leader2.houtai")
    page.goto(f"{console_stack.url}/t/houtai/alert-settings")
    page.click("summary:has-text('设置静默')")
    page.fill("#ends_at", "2099-01-01T08:00")
    page.click("details[open] button:has-text('设置静默')")
    expect(page.locator("#reason-error")).to_be_visible()  # the service named the field; the message is Chinese
    page.fill("#reason", "乡里停电检修")
    page.select_option("#rule", "missing_screening")
    page.click("details[open] button:has-text('设置静默')")
    row = page.locator("table tbody tr", has_text="乡里停电检修")
    expect(row).to_contain_text("未按月报送排查")
    expect(row).to_contain_text("2099-01-01 08:00")  # stored as an instant, shown in the county's time
    row.get_by_role("button", name="结束").click()
    expect(page.locator("table tbody tr", has_text="乡里停电检修")).to_contain_text("已结束")

    # webhook receivers are registered by a township or county admin only, as the reporting API requires
    expect(page.locator("summary:has-text('登记接收地址')")).to_have_count(0)
