"""矛盾纠纷 in the console, in a real browser against the real services: register, fix a bad ID number, find it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

GOOD_ID = "11010519491231002X"
BAD_ID = "110105194912310021"  # the check character of this one is X


def test_a_mediator_registers_a_dispute_fixing_the_id_number_the_page_flagged_and_finds_it_in_the_list(
        console_stack, open_page):
    console_stack.add_account("mediator.houtai", townships=["houtai"], roles=["mediator"], name="王调解")
    page = open_page()
    sign_in(page, console_stack.url, "mediator.houtai")
    expect(page).to_have_url(f"{console_stack.url}/t/houtai/")

    page.goto(f"{console_stack.url}/t/houtai/disputes/new")
    page.fill("#party1_name", "赵六斤")
    page.fill("#party1_id_number", BAD_ID)
    page.press("#party1_id_number", "Tab")  # checked as soon as it is typed (htmx), before anything is sent
    expect(page.locator("#party1_id_number-check")).to_contain_text("校验位")
    page.select_option("#village", "v03")
    page.select_option("#category", "neighbours")
    page.fill("#people_involved", "2")
    page.fill("#description", "宅基地边界争议")
    page.click("button:has-text('登记')")

    expect(page.locator("#error-summary")).to_contain_text("校验位")
    expect(page.locator("#party1_id_number-error")).to_contain_text("身份证号码校验位为1，按前17位应为X")
    expect(page.locator("#party1_id_number")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#party1_name")).to_have_value("赵六斤")  # what was typed is kept

    page.fill("#party1_id_number", GOOD_ID)
    page.fill("#party1_phone", "call me")  # only the mediation service checks phones: its 422 names the field
    page.click("button:has-text('登记')")
    expect(page.locator("#party1_phone-error")).to_contain_text("格式不正确")
    expect(page.locator("#party1_id_number-error")).to_have_count(0)

    page.fill("#party1_phone", "13800138000")
    page.click("button:has-text('登记')")
    expect(page).to_have_url(re.compile(r"/t/houtai/disputes/[^/?]+\?done="))
    expect(page.locator("h1")).to_contain_text("已登记")
    expect(page.locator("ol.timeline")).to_contain_text("登记")
    expect(page.locator("ol.timeline")).to_contain_text("mediator.houtai")  # the service recorded the real person
    case_url = page.url.split("?")[0]

    page.goto(f"{console_stack.url}/t/houtai/disputes")
    page.fill("#q", "赵六斤")
    page.press("#q", "Enter")
    row = page.locator("table tbody tr", has_text="赵六斤")
    expect(row).to_have_count(1)
    row.locator("a").first.click()
    expect(page).to_have_url(case_url)


def test_the_case_page_offers_only_the_actions_its_state_allows_and_runs_them(console_stack, open_page):
    console_stack.add_account("officer.houtai", townships=["houtai"], roles=["mediation_officer"])
    page = open_page()
    sign_in(page, console_stack.url, "officer.houtai")
    page.goto(f"{console_stack.url}/t/houtai/disputes/new")
    page.fill("#party1_name", "钱七")
    page.select_option("#village", "v05")
    page.select_option("#category", "contract")
    page.fill("#people_involved", "2")
    page.fill("#description", "货款纠纷")
    page.click("button:has-text('登记')")
    actions = page.locator("section:has(h2:has-text('现在可以'))")
    expect(actions.get_by_role("button", name="受理", exact=True)).to_be_visible()
    expect(actions).not_to_contain_text("结案")

    actions.get_by_role("button", name="受理", exact=True).click()
    expect(page.locator("h1")).to_contain_text("已受理")
    page.click("summary:has-text('指派调解员')")
    page.click("details[open] button:has-text('指派调解员')")  # sent empty: the service names the field
    expect(page.locator("#error-summary")).to_be_visible()
    page.fill("details[open] #mediator", "孙调解")
    page.click("details[open] button:has-text('指派调解员')")
    expect(page.locator("dl.facts")).to_contain_text("孙调解")
    expect(page.locator("ol.timeline")).to_contain_text("指派调解员")


def test_a_village_with_nothing_found_files_its_monthly_zero_report(console_stack, open_page):
    console_stack.add_account("screener.houtai", townships=["houtai"], roles=["mediator"])
    page = open_page()
    sign_in(page, console_stack.url, "screener.houtai")
    page.goto(f"{console_stack.url}/t/houtai/screenings")
    row = page.locator("#village-v01")
    expect(row).to_contain_text("未报送")
    row.get_by_role("button", name="零报告").click()
    expect(page.locator("#village-v01")).to_contain_text("零报告")
    expect(page.locator("#village-v01 button")).to_have_count(0)  # once per village and month
    expect(page.locator("#village-v02")).to_contain_text("未报送")
