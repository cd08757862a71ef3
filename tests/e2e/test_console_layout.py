"""Every page fits a 1366×768 screen and a 390×844 phone: no sideways scrolling, Chinese text, the menu reachable."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, sign_in

PAGES = {
    "home": "/t/houtai/", "disputes": "/t/houtai/disputes", "register": "/t/houtai/disputes/new",
    "screenings": "/t/houtai/screenings", "receive": "/t/houtai/requests/new", "dead-letters": "/admin/dead-letters",
    "alerts": "/t/houtai/alerts", "requests": "/t/houtai/requests", "petitions": "/t/houtai/petitions",
    "reports": "/t/houtai/reports", "users": "/admin/users", "county": "/admin/county", "public": "/public/houtai",
}


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_every_page_fits_the_screen_without_sideways_scrolling(console_stack, open_page, width, height):
    console_stack.add_account(f"admin.{width}", county=True, roles=["admin"], name="县管理员")
    page = open_page(width, height)
    sign_in(page, console_stack.url, f"admin.{width}")
    page.goto(f"{console_stack.url}/t/houtai/disputes/new")
    page.fill("#party1_name", "布局测试")
    page.fill("#party1_id_number", "110105194912310021")
    page.click("button:has-text('登记')")
    page.screenshot(path=str(_folder() / f"register-error-{width}.png"), full_page=True)
    page.fill("#party1_id_number", "11010519491231002X")
    page.select_option("#village", "v02")
    page.select_option("#category", "neighbours")
    page.fill("#people_involved", "6")  # major: an alert for the pages below
    page.fill("#description", "六户村民排水沟纠纷，需要较长的说明文字以检查换行是否正常显示在小屏幕上。")
    page.click("button:has-text('登记')")
    expect(page.locator("h1")).to_contain_text("已登记")
    PAGES_WITH_DATA = {"case": page.url.split("?")[0]}
    for name, path in {**PAGES, **PAGES_WITH_DATA}.items():
        response = page.goto(path if path.startswith("http") else f"{console_stack.url}{path}")
        assert response is not None and response.status == 200, name
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(_folder() / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}×{height}"
    if width < 800:  # the menu folds behind a button on a phone, and opens
        page.goto(f"{console_stack.url}/t/houtai/")
        expect(page.locator("nav.side")).to_be_hidden()
        page.click("label.menu-toggle")
        expect(page.locator("nav.side")).to_be_visible()
        page.screenshot(path=str(_folder() / f"menu-open-{width}.png"))


def _folder():
    folder = ARTIFACTS / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
