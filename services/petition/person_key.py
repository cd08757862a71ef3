"""The secret petition hashes ID numbers with (HMAC), loaded once when the service starts.

Production sets `FAZHI_PERSON_KEY`, the same for every replica; the embedded default is a
key file made once under the data dir, shared by the processes of one installation.
"""

from __future__ import annotations

from fazhi.keyfiles import load_or_create_secret
from fazhi.service import Runtime
from fazhi.settings import Settings, check_person_key

_ATTRIBUTE = "person_key"  # Runtime has no slot for one service's secret; it lives as long as the process


def load_person_key(settings: Settings) -> bytes:
    """`FAZHI_PERSON_KEY` if set, else the key file in the data dir (created on first use)."""
    if settings.person_key is not None:
        return settings.person_key.get_secret_value().encode()
    key = load_or_create_secret(settings.person_key_path)
    check_person_key(key, str(settings.person_key_path))
    return key.encode()


async def hold_person_key(runtime: Runtime) -> None:
    """Load the key into the runtime: a bad key stops the service at start, not at its first case."""
    setattr(runtime, _ATTRIBUTE, load_person_key(runtime.settings))


def person_key_of(runtime: Runtime) -> bytes:
    """The key this process hashes ID numbers with."""
    return getattr(runtime, _ATTRIBUTE)
