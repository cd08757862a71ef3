"""Local accounts and signed-in sessions, in the console's own small database.

Passwords are argon2id hashes; after `MAX_FAILURES` wrong passwords in a row an account is
locked for `LOCK_MINUTES`. A session cookie holds a random id; the table keeps only its hash.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, Text, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 8  # idle: a session not used for this long is signed out
SLIDE_EVERY = timedelta(minutes=5)  # the idle clock is pushed back at most this often (not a write per page)
FIRST_ADMIN = "admin"

metadata = MetaData()
accounts = Table(
    "console_accounts", metadata,
    Column("login", String(64), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("townships", Text, nullable=False),  # JSON list of township codes
    Column("county", Boolean, nullable=False, default=False),
    Column("roles", Text, nullable=False),  # JSON list of role names
    Column("must_change_password", Boolean, nullable=False, default=False),
    Column("failures", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True)),
    Column("disabled", Boolean, nullable=False, default=False),
)
sessions = Table(
    "console_sessions", metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("login", String(64), nullable=False, index=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
_hasher = PasswordHasher()  # argon2id, the library's RFC 9106 low-memory profile


@dataclass(frozen=True)
class Account:
    """Who may sign in to the console, where, and as what."""

    login: str
    name: str
    townships: tuple[str, ...]
    county: bool
    roles: tuple[str, ...]
    must_change_password: bool = False
    disabled: bool = False
    locked_until: datetime | None = None

    def can_open(self, township: str) -> bool:
        return self.county or township in self.townships

    def has_role(self, *roles: str) -> bool:
        return "admin" in self.roles or any(r in self.roles for r in roles)


class SignInRefused(Exception):
    """Wrong login or password, a locked or disabled account: the message is shown as it is."""


def _row_account(row) -> Account:
    return Account(row.login, row.name, tuple(json.loads(row.townships)), bool(row.county),
                   tuple(json.loads(row.roles)), bool(row.must_change_password), bool(row.disabled),
                   _aware(row.locked_until))


def _aware(at: datetime | None) -> datetime | None:
    from datetime import UTC

    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at  # SQLite drops the zone


def _hash_id(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class AccountStore:
    """Accounts and sessions over one SQLAlchemy engine (SQLite by default, PostgreSQL alike)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    @classmethod
    async def open(cls, url: str) -> AccountStore:
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        return cls(engine)

    async def close(self) -> None:
        await self.engine.dispose()

    async def create(self, login: str, name: str, password: str, *, townships: list[str], county: bool,
                     roles: list[str], must_change_password: bool = True) -> Account:
        async with self.engine.begin() as conn:
            await conn.execute(insert(accounts).values(
                login=login, name=name, password_hash=_hasher.hash(password), townships=json.dumps(townships),
                county=county, roles=json.dumps(roles), must_change_password=must_change_password, failures=0,
                disabled=False))
        found = await self.get(login)
        assert found is not None
        return found

    async def get(self, login: str) -> Account | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(accounts).where(accounts.c.login == login))).first()
        return _row_account(row) if row else None

    async def all(self) -> list[Account]:
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(accounts).order_by(accounts.c.login))).all()
        return [_row_account(r) for r in rows]

    async def update(self, login: str, *, name: str, townships: list[str], county: bool, roles: list[str],
                     disabled: bool) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(update(accounts).where(accounts.c.login == login).values(
                name=name, townships=json.dumps(townships), county=county, roles=json.dumps(roles),
                disabled=disabled))
            if disabled:
                await conn.execute(delete(sessions).where(sessions.c.login == login))

    async def set_password(self, login: str, password: str, *, one_time: bool) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(update(accounts).where(accounts.c.login == login).values(
                password_hash=_hasher.hash(password), must_change_password=one_time, failures=0, locked_until=None))

    async def check_password(self, login: str, password: str, now: datetime) -> Account:
        """The account if the password is right; counts failures and locks after `MAX_FAILURES`."""
        refusal: str | None = None
        async with self.engine.begin() as conn:  # a refusal is raised after the commit: the count must stay
            row = (await conn.execute(select(accounts).where(accounts.c.login == login))).first()
            if row is None:
                _hasher.hash(password)  # the same time as a real check: logins are not guessable by timing
                raise SignInRefused("用户名或密码不正确。")
            account = _row_account(row)
            if account.locked_until is not None and account.locked_until > now:
                raise SignInRefused(f"该账号因多次输入错误密码已锁定，请{LOCK_MINUTES}分钟后再试，或请管理员重置密码。")
            if account.disabled:
                raise SignInRefused("该账号已停用，请联系管理员。")
            try:
                _hasher.verify(row.password_hash, password)
            except (VerificationError, InvalidHashError):
                failures = row.failures + 1
                locked = now + timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
                await conn.execute(update(accounts).where(accounts.c.login == login).values(
                    failures=0 if locked else failures, locked_until=locked))
                refusal = (f"密码连续错误{MAX_FAILURES}次，账号已锁定{LOCK_MINUTES}分钟。" if locked
                           else f"用户名或密码不正确（还可再试{MAX_FAILURES - failures}次）。")
            else:
                values: dict[str, object] = {"failures": 0, "locked_until": None}
                if _hasher.check_needs_rehash(row.password_hash):
                    values["password_hash"] = _hasher.hash(password)
                await conn.execute(update(accounts).where(accounts.c.login == login).values(**values))
        if refusal is not None:
            raise SignInRefused(refusal)
        return account

    async def start_session(self, login: str, now: datetime) -> str:
        session_id = secrets.token_urlsafe(32)
        async with self.engine.begin() as conn:
            await conn.execute(delete(sessions).where(sessions.c.expires_at < now))
            await conn.execute(insert(sessions).values(
                id_hash=_hash_id(session_id), login=login, expires_at=now + timedelta(hours=SESSION_HOURS)))
        return session_id

    async def session_account(self, session_id: str, now: datetime) -> Account | None:
        """The signed-in account, sliding the session's expiry; None when unknown, expired or disabled."""
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(sessions.c.id_hash, sessions.c.expires_at, accounts).join(
                accounts, accounts.c.login == sessions.c.login).where(
                sessions.c.id_hash == _hash_id(session_id)))).first()
            if row is None or _aware(row.expires_at) < now:
                return None
            if _aware(row.expires_at) < now + timedelta(hours=SESSION_HOURS) - SLIDE_EVERY:  # a write now and then
                await conn.execute(update(sessions).where(sessions.c.id_hash == row.id_hash).values(
                    expires_at=now + timedelta(hours=SESSION_HOURS)))
                await conn.commit()
            found = row
        account = _row_account(found) if found else None
        return None if account is None or account.disabled else account

    async def end_session(self, session_id: str) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(delete(sessions).where(sessions.c.id_hash == _hash_id(session_id)))

    async def ensure_first_admin(self) -> str | None:
        """A county admin with a fresh one-time password while none has been chosen; None once one has."""
        existing = await self.get(FIRST_ADMIN)
        if existing is not None and not existing.must_change_password:
            return None
        password = secrets.token_urlsafe(12)
        if existing is None:
            await self.create(FIRST_ADMIN, "管理员", password, townships=[], county=True, roles=["admin"])
        else:
            await self.set_password(FIRST_ADMIN, password, one_time=True)
        return password


def first_admin_password(settings) -> str | None:
    """For `fazhi up`: make sure the first admin exists; its one-time password while none was chosen."""
    import asyncio

    async def ensure() -> str | None:
        store = await AccountStore.open(settings.database)
        try:
            return await store.ensure_first_admin()
        finally:
            await store.close()

    return asyncio.run(ensure())
