"""管理: the first admin signs in with the one-time password, chooses their own, and creates a township user."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_the_first_admin_chooses_a_password_and_creates_a_user_who_does_the_same(console_stack, open_page):
    one_time = console_stack.first_admin_password()
    admin = open_page()
    sign_in(admin, console_stack.url, "admin", one_time)
    expect(admin).to_have_url(f"{console_stack.url}/password")
    admin.goto(f"{console_stack.url}/admin/users")  # nothing else opens before a password is chosen
    expect(admin).to_have_url(f"{console_stack.url}/password")
    admin.fill("#current", one_time)
    admin.fill("#new", "short")
    admin.fill("#again", "short")
    admin.click("button:has-text('保存新密码')")
    expect(admin.locator("#new-error")).to_contain_text("至少10个字符")
    admin.fill("#current", one_time)
    admin.fill("#new", "县司法局管理员的登录口令")
    admin.fill("#again", "县司法局管理员的登录口令")
    admin.click("button:has-text('保存新密码')")
    expect(admin).to_have_url(re.compile(r"/t/houtai/$"))  # a county admin starts at the first township
    assert console_stack.first_admin_password() is None  # `make run` prints no new one now

    admin.goto(f"{console_stack.url}/admin/users/new")
    admin.fill("#login", "Bad Login")
    admin.click("button:has-text('保存')")
    expect(admin.locator("#error-summary")).to_contain_text("用户名为2至32位")
    expect(admin.locator("#error-summary")).to_contain_text("请选择所属乡镇")
    expect(admin.locator("#error-summary")).to_contain_text("至少选择一个角色")
    admin.fill("#login", "chen.houtai")
    admin.fill("#name", "陈调解")
    admin.check("input[name=townships][value=houtai]")
    admin.check("input[name=roles][value=mediator]")
    admin.click("button:has-text('保存')")
    password = admin.locator("#one-time-password").inner_text()
    assert len(password) >= 12

    user = open_page()
    sign_in(user, console_stack.url, "chen.houtai", password)
    expect(user).to_have_url(f"{console_stack.url}/password")
    user.fill("#current", password)
    user.fill("#new", "陈调解自己选的登录口令")
    user.fill("#again", "陈调解自己选的登录口令")
    user.click("button:has-text('保存新密码')")
    expect(user).to_have_url(f"{console_stack.url}/t/houtai/")
    expect(user.locator("nav.side")).to_contain_text("纠纷台账")
    expect(user.locator("nav.side")).not_to_contain_text("用户和角色")  # a mediator has no admin desk
    response = user.goto(f"{console_stack.url}/admin/users")
    assert response is not None and response.status == 404

    admin.goto(f"{console_stack.url}/admin/users")
    expect(admin.locator("table tbody tr", has_text="chen.houtai")).to_contain_text("正常")
