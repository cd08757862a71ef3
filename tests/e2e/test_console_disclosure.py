"""政府信息公开 in the console: an application through correction and reply, its working-day countdown moving."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from fazhi.clock import Clock
from tests.e2e.conftest import sign_in


def _workdays_left(page) -> int:
    return int(page.locator("#countdown .countdown").get_attribute("data-workdays-left"))


def test_an_application_goes_through_correction_and_reply_and_the_countdown_follows(console_stack, open_page):
    console_stack.add_account("open.houtai", townships=["houtai"], roles=["disclosure_officer"], name="公开专干")
    page = open_page()
    sign_in(page, console_stack.url, "open.houtai")
    today = Clock().today()

    page.goto(f"{console_stack.url}/t/houtai/requests/new")
    page.fill("#applicant_name", "冯申请")
    page.fill("#received_on", (today - timedelta(days=5)).isoformat())
    page.click("button:has-text('登记申请')")  # nothing asked for yet: the service names the field
    expect(page.locator("#information_sought-error")).to_be_visible()
    page.fill("#information_sought", "本村2026年度宅基地审批结果")
    page.click("button:has-text('登记申请')")
    expect(page).to_have_url(re.compile(r"/t/houtai/requests/[^/?]+\?done="))
    expect(page.locator("h1")).to_contain_text("办理中")
    before = _workdays_left(page)
    assert 0 < before < 20  # five days of the twenty working days have run
    expect(page.locator("#countdown")).to_contain_text(f"剩{before}个工作日")

    page.click("summary:has-text('告知补正')")
    page.fill("details[open] #missing", "请写明具体村组")
    page.fill("details[open] #correct_by", (today + timedelta(days=15)).isoformat())
    page.click("details[open] button:has-text('告知补正')")
    expect(page.locator("h1")).to_contain_text("待补正")

    page.click("summary:has-text('收到补正')")
    page.fill("details[open] #received_on", today.isoformat())
    page.click("details[open] button:has-text('收到补正')")
    expect(page.locator("h1")).to_contain_text("办理中")
    after = _workdays_left(page)
    assert after > before  # the clock started again from the correction

    page.click("summary:has-text('作出答复')")
    page.select_option("details[open] #outcome", "granted")
    page.fill("details[open] #summary", "予以公开，已当面提供")
    page.click("details[open] button:has-text('作出答复')")
    expect(page.locator("h1")).to_contain_text("已答复")
    expect(page.locator("dl.facts")).to_contain_text("予以公开")

    page.goto(f"{console_stack.url}/t/houtai/requests")
    expect(page.locator("table tbody tr", has_text="冯申请")).to_contain_text("已答复")
