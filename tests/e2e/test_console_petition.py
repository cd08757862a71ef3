"""信访 in the console: register a petition, see its statutory dates, refer it to mediation and follow the link."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_a_petition_is_registered_and_referred_to_mediation_which_opens_a_dispute(console_stack, open_page):
    console_stack.add_account("desk.houtai", townships=["houtai"], roles=["petition_officer", "mediation_officer"])
    page = open_page()
    sign_in(page, console_stack.url, "desk.houtai")
    page.goto(f"{console_stack.url}/t/houtai/petitions/new")
    page.fill("#name", "褚来访")
    page.fill("#subject", "邻居占用通道")
    page.click("button:has-text('登记')")
    expect(page.locator("#claims-error")).to_contain_text("每行一项")
    page.fill("#claims", "恢复通道\n赔偿损失")
    page.click("button:has-text('登记')")
    expect(page).to_have_url(re.compile(r"/t/houtai/petitions/[^/?]+\?done="))
    expect(page.locator("dl.facts").nth(1)).to_contain_text("受理告知期限")

    page.click("summary:has-text('转人民调解')")
    page.select_option("details[open] #category", "neighbours")
    page.fill("details[open] #reason", "属民间纠纷，适宜调解")
    page.click("details[open] button:has-text('转人民调解')")
    expect(page.locator("h1")).to_contain_text("已转人民调解")
    link = page.locator("a:has-text('调解案件已立案')")
    for _ in range(20):  # mediation opens the dispute from the bus, then petition links it
        if link.count():
            break
        page.wait_for_timeout(500)
        page.reload()
    link.click()
    expect(page).to_have_url(re.compile(r"/t/houtai/disputes/"))
    expect(page.locator("dl.facts")).to_contain_text("信访转调解")
