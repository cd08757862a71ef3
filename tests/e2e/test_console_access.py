"""Who reaches what: signed-out users only the sign-in and public pages; a township's users only their township;
no POST without the CSRF token; an account locks after repeated wrong passwords."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, sign_in

HOUTAI_PAGES = ["/t/houtai/", "/t/houtai/disputes", "/t/houtai/disputes/new", "/t/houtai/alerts",
                "/t/houtai/alerts/items", "/t/houtai/requests", "/t/houtai/petitions", "/t/houtai/reports",
                "/t/houtai/disputes/new/check-id?field=party1_id_number&party1_id_number=1"]


def _a_houtai_dispute(console_stack) -> str:
    from fazhi.auth import issue_token, load_or_create_signing_key

    key = load_or_create_signing_key(console_stack.data_dir / "keys" / "signing-key.json")
    token = issue_token(key, subject="e2e", townships=["houtai"], roles=["mediator"])
    body = {"level": "village", "village": "v01", "source": "walk_in", "category": "neighbours",
            "parties": [{"name": "吴一"}], "people_involved": 2, "description": "e2e"}
    response = httpx.post(f"{console_stack.services['mediation'].url}/v1/townships/houtai/disputes", json=body,
                          headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_a_signed_out_user_reaches_only_the_sign_in_and_public_pages(console_stack, open_page):
    page = open_page()
    for path in [*HOUTAI_PAGES, "/", "/admin/users", "/admin/county", "/password", "/t/houtai/alerts/stream"]:
        response = page.goto(f"{console_stack.url}{path}")
        assert response is not None and response.status == 200
        expect(page).to_have_url(re.compile(r"/login\?next="))
        expect(page.locator("h1")).to_have_text("登录法治工作台")
    for path in ["/public", "/public/houtai"]:
        response = page.goto(f"{console_stack.url}{path}")
        assert response is not None and response.status == 200 and "/login" not in page.url
        expect(page.locator("h1")).to_contain_text("主动公开目录")


def test_a_user_of_one_township_gets_no_page_or_fragment_of_another(console_stack, open_page):
    dispute = _a_houtai_dispute(console_stack)
    console_stack.add_account("leader.zhoutang", townships=["zhoutang"],
                              roles=["leader", "mediation_officer", "disclosure_officer", "petition_officer"])
    page = open_page()
    sign_in(page, console_stack.url, "leader.zhoutang")
    expect(page).to_have_url(f"{console_stack.url}/t/zhoutang/")
    for path in [*HOUTAI_PAGES, f"/t/houtai/disputes/{dispute}", "/t/houtai/alerts/stream", "/admin/users"]:
        response = page.goto(f"{console_stack.url}{path}")
        assert response is not None and response.status == 404, path
        expect(page.locator("h1")).to_have_text("页面不存在")
        assert "吴一" not in page.content()
    # the same case asked for under the user's own township is not there either
    response = page.goto(f"{console_stack.url}/t/zhoutang/disputes/{dispute}")
    assert response is not None and response.status == 404
    # and a fragment asked for the way htmx asks is refused alike
    fragment = page.request.get(f"{console_stack.url}/t/houtai/disputes?q=吴", headers={"HX-Request": "true"})
    assert fragment.status == 404 and "吴一" not in fragment.text()
    for path in ["/t/houtai/disputes/new", f"/t/houtai/disputes/{dispute}/accept", "/t/houtai/alerts/x/ack"]:
        token = page.locator("input[name=csrf_token]").first.get_attribute("value") if page.locator(
            "input[name=csrf_token]").count() else ""
        posted = page.request.post(f"{console_stack.url}{path}", form={"csrf_token": token or ""})
        assert posted.status in (403, 404), path


def test_a_form_posted_without_the_csrf_token_is_refused(console_stack, open_page):
    console_stack.add_account("mediator.csrf", townships=["houtai"], roles=["mediator"])
    page = open_page()
    sign_in(page, console_stack.url, "mediator.csrf")
    page.goto(f"{console_stack.url}/t/houtai/disputes/new")
    form = {"party1_name": "郑二", "village": "v02", "level": "village", "source": "walk_in",
            "category": "neighbours", "people_involved": "2", "description": "无校验码"}
    refused = page.request.post(f"{console_stack.url}/t/houtai/disputes/new", form=form, max_redirects=0)
    assert refused.status == 403 and "安全校验码" in refused.text()
    forged = page.request.post(f"{console_stack.url}/t/houtai/disputes/new",
                               form={**form, "csrf_token": "0" * 64}, max_redirects=0)
    assert forged.status == 403
    # a cross-site page cannot even carry the session cookie's token: a sign-out without it is refused too
    assert page.request.post(f"{console_stack.url}/logout", max_redirects=0).status == 403
    page.goto(f"{console_stack.url}/t/houtai/disputes?q=郑二")
    expect(page.locator("table tbody")).to_contain_text("没有符合条件的纠纷")  # nothing was written
    # the same form with the page's token goes through
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    accepted = page.request.post(f"{console_stack.url}/t/houtai/disputes/new", form={**form, "csrf_token": token},
                                 max_redirects=0)
    assert accepted.status == 303


def test_an_account_locks_after_five_wrong_passwords(console_stack, open_page):
    console_stack.add_account("mediator.lock", townships=["houtai"], roles=["mediator"])
    page = open_page()
    for attempt in range(5):
        sign_in(page, console_stack.url, "mediator.lock", "wrong password")
        expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#error-summary")).to_contain_text("已锁定")
    sign_in(page, console_stack.url, "mediator.lock", PASSWORD)
    expect(page.locator("#error-summary")).to_contain_text("已锁定")  # the right password does not open it now
    cookies = {c["name"] for c in page.context.cookies()}
    assert "fazhi_session" not in cookies
