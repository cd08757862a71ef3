"""The console's accounts on a real database (SQLite and PostgreSQL): argon2 hashes, lockout, sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.console.accounts import LOCK_MINUTES, MAX_FAILURES, SESSION_HOURS, AccountStore, SignInRefused

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
async def store(database_url: str):
    accounts = await AccountStore.open(database_url)
    yield accounts
    await accounts.close()


async def test_a_password_is_stored_as_an_argon2id_hash_and_checked(store):
    await store.create("wang", "王", "a long passphrase", townships=["houtai"], county=False, roles=["mediator"])
    async with store.engine.connect() as conn:
        stored = (await conn.exec_driver_sql("SELECT password_hash FROM console_accounts")).scalar_one()
    assert stored.startswith("$argon2id$") and "a long passphrase" not in stored
    account = await store.check_password("wang", "a long passphrase", NOW)
    assert account.townships == ("houtai",) and account.roles == ("mediator",) and account.must_change_password


async def test_an_account_locks_after_repeated_failures_and_opens_again_later(store):
    await store.create("li", "李", "right password", townships=["houtai"], county=False, roles=["leader"])
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(SignInRefused, match="还可再试"):
            await store.check_password("li", "wrong", NOW)
    with pytest.raises(SignInRefused, match="已锁定"):
        await store.check_password("li", "wrong", NOW)
    with pytest.raises(SignInRefused, match="已锁定"):  # even with the right password, while locked
        await store.check_password("li", "right password", NOW + timedelta(minutes=1))
    later = NOW + timedelta(minutes=LOCK_MINUTES, seconds=1)
    assert (await store.check_password("li", "right password", later)).login == "li"


async def test_a_success_clears_the_failure_count(store):
    await store.create("zhao", "赵", "right password", townships=["houtai"], county=False, roles=["leader"])
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(SignInRefused):
            await store.check_password("zhao", "wrong", NOW)
    await store.check_password("zhao", "right password", NOW)
    with pytest.raises(SignInRefused, match=f"还可再试{MAX_FAILURES - 1}次"):
        await store.check_password("zhao", "wrong", NOW)


async def test_an_unknown_login_is_refused_like_a_wrong_password(store):
    with pytest.raises(SignInRefused, match="用户名或密码不正确"):
        await store.check_password("nobody", "x", NOW)


async def test_a_session_slides_while_used_and_ends_when_idle_signed_out_or_disabled(store):
    await store.create("qian", "钱", "pw pw pw pw", townships=["houtai"], county=False, roles=["mediator"])
    session = await store.start_session("qian", NOW)
    assert (await store.session_account(session, NOW + timedelta(hours=SESSION_HOURS - 1))).login == "qian"
    assert await store.session_account(session, NOW + timedelta(hours=2 * SESSION_HOURS - 1.5)) is not None
    assert await store.session_account(session, NOW + timedelta(hours=4 * SESSION_HOURS)) is None
    second = await store.start_session("qian", NOW)
    await store.end_session(second)
    assert await store.session_account(second, NOW) is None
    third = await store.start_session("qian", NOW)
    await store.update("qian", name="钱", townships=["houtai"], county=False, roles=["mediator"], disabled=True)
    assert await store.session_account(third, NOW) is None
    with pytest.raises(SignInRefused, match="已停用"):
        await store.check_password("qian", "pw pw pw pw", NOW)


async def test_the_first_admin_gets_a_one_time_password_until_one_is_chosen(store):
    first = await store.ensure_first_admin()
    assert first and (await store.check_password("admin", first, NOW)).county
    again = await store.ensure_first_admin()  # not used yet: a new one, the old one no longer works
    assert again and again != first
    with pytest.raises(SignInRefused):
        await store.check_password("admin", first, NOW)
    await store.set_password("admin", "my own passphrase", one_time=False)
    assert await store.ensure_first_admin() is None
