"""The closed bus: one NATS user per service, what the server lets each publish and subscribe.

`authorization(...)` turns the services, their `BusAccess` and their credentials into the
server's authorization block; `fazhi up`, the tests and `fazhi nats-config` (for deploy/)
all use it, so the permission model is the same everywhere. A service may publish only
on its own subjects and the JetStream API calls of its own stream and of the durable
consumers it owns (on other services' streams too), ack what those consumers deliver, and
subscribe only below its own inbox prefix. The server denies everything else; a client
without credentials is refused. The `operator` user may do anything: it is for people
(the `nats` CLI, tests), never for a service.
"""

from __future__ import annotations

import importlib
import json
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bcrypt

from fazhi.bus import stream_name, stream_subjects

OPERATOR = "operator"
BCRYPT_COST = 11  # what `nats server passwd` uses; the server checks one hash per connection
CONFIG_FILE = "nats-auth.conf"


@dataclass(frozen=True)
class BusAccess:
    """What a service does on other services' streams (its own stream it may always use).

    `durables`: the stream's service → the durable consumers this service owns on it;
    `replays`: services whose streams it reads again from the start (ephemeral ordered consumers).
    """

    durables: Mapping[str, Sequence[str]] = field(default_factory=dict)
    replays: Sequence[str] = ()


def inbox_prefix(service: str) -> str:
    """Replies and deliveries to a service come below this prefix, which only it may subscribe to."""
    return f"_INBOX.{service}"


def permissions(service: str, access: BusAccess) -> dict[str, Any]:
    """The server-side permissions of one service's user."""
    own = stream_name(service)
    publish = [*stream_subjects(service), *(f"$JS.API.STREAM.{op}.{own}" for op in ("INFO", "CREATE", "UPDATE"))]
    for producer, durables in access.durables.items():
        stream = stream_name(producer)
        for durable in durables:
            publish += [
                f"$JS.API.CONSUMER.DURABLE.CREATE.{stream}.{durable}",
                f"$JS.API.CONSUMER.CREATE.{stream}.{durable}",
                f"$JS.API.CONSUMER.CREATE.{stream}.{durable}.>",  # the form with a filter subject
                f"$JS.API.CONSUMER.INFO.{stream}.{durable}",
                f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}",
                f"$JS.ACK.{stream}.{durable}.>",
            ]
    for producer in access.replays:
        stream = stream_name(producer)
        publish += [f"$JS.API.STREAM.INFO.{stream}", f"$JS.API.CONSUMER.CREATE.{stream}", f"$JS.FC.{stream}.>"]
    return {"publish": {"allow": list(dict.fromkeys(publish))},
            "subscribe": {"allow": [f"{inbox_prefix(service)}.>"]}}


@dataclass(frozen=True)
class Credential:
    """One NATS user's name and password (the secret a service process is given)."""

    user: str
    password: str

    def env(self) -> str:
        """The settings that give a service process this credential (an env file)."""
        return f"FAZHI_NATS_USER={self.user}\nFAZHI_NATS_PASSWORD={self.password}\n"

    @classmethod
    def parse_env(cls, text: str) -> Credential:
        values = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
        return cls(values["FAZHI_NATS_USER"].strip(), values["FAZHI_NATS_PASSWORD"].strip())

    @classmethod
    def generate(cls, user: str) -> Credential:
        return cls(user, secrets.token_urlsafe(32))

    def hashed(self, cost: int = BCRYPT_COST) -> str:
        return bcrypt.hashpw(self.password.encode(), bcrypt.gensalt(cost, prefix=b"2a")).decode()


def authorization(accesses: Mapping[str, BusAccess], credentials: Mapping[str, Credential],
                  cost: int = BCRYPT_COST, hashes: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The server's `authorization` block: a user per service with its permissions, and the operator.

    Only bcrypt hashes go in: the configuration does not hold the passwords. `hashes`: a user's
    hash already made of its current password, taken as it is (a hash costs a good part of a second).
    """
    hashes = hashes or {}

    def hashed(user: str) -> str:
        return hashes.get(user) or credentials[user].hashed(cost)

    users = [{"user": credentials[service].user, "password": hashed(service),
              "permissions": permissions(service, access)} for service, access in accesses.items()]
    users.append({"user": credentials[OPERATOR].user, "password": hashed(OPERATOR)})
    return {"authorization": {"users": users}}


def declared_access(services: Sequence[str]) -> dict[str, BusAccess]:
    """Each service's `BUS` (in `services.<name>.app`): the consumers it owns on other streams."""
    return {service: getattr(importlib.import_module(f"services.{service}.app"), "BUS", BusAccess())
            for service in services}


@dataclass(frozen=True)
class BusFiles:
    """Where a generated configuration is: the server's file and a credential file per user."""

    directory: Path
    credentials: dict[str, Credential]

    @property
    def config(self) -> Path:
        return self.directory / CONFIG_FILE

    def credential_file(self, user: str) -> Path:
        return self.directory / f"{user}.env"


def _hashes_in(config: Path) -> dict[str, str]:
    """User → password hash in a server file this module wrote; nothing if there is none (or another)."""
    try:
        block = json.loads(config.read_text().removeprefix("authorization:"))
        return {user["user"]: user["password"] for user in block["users"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _write_private(path: Path, content: bytes) -> None:
    """Replace `path` with `content`, readable by the owner only from the first byte on."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(content)
    os.replace(tmp, path)


def write_bus_config(directory: Path, accesses: Mapping[str, BusAccess], *, rotate: Sequence[str] = (),
                     cost: int = BCRYPT_COST) -> BusFiles:
    """Write (or bring up to date) the server configuration and a credential file per user, all 0600.

    Credentials already in `directory` are kept (a restart changes nothing, and their hashes
    in the server file are kept too) unless named in `rotate`; missing ones are generated.
    """
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    files = BusFiles(directory, {})
    kept = set()
    for user in [*accesses, OPERATOR]:
        path = files.credential_file(user)
        if path.exists() and user not in rotate:
            files.credentials[user] = Credential.parse_env(path.read_text())
            kept.add(user)
        else:
            files.credentials[user] = Credential.generate(user)
            _write_private(path, files.credentials[user].env().encode())
    hashes = {user: hash for user, hash in _hashes_in(files.config).items() if user in kept}
    block = authorization(accesses, files.credentials, cost, hashes)["authorization"]
    # `authorization: {…}` and no outer braces: a server configuration of its own (`-c`) or `include`d in one.
    _write_private(files.config, f"authorization: {json.dumps(block, indent=2)}\n".encode())
    return files
