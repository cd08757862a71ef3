"""Key files under the data dir: created once with owner-only access, never overwritten.

Every process of one installation that starts at the same time reads the same file: the
first creator wins, the others find its file and use that key.
"""

from __future__ import annotations

import os
import secrets
import threading
from pathlib import Path


def create_once(path: Path, content: str) -> None:
    """Write `content` to `path` (mode 0600, parents made) unless the file already exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(content)
    try:
        os.link(tmp, path)  # atomic and never overwrites: a concurrent creator's key wins
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def load_or_create_secret(path: Path) -> str:
    """The secret text in `path`, creating it on first use from 32 random bytes (URL-safe base64)."""
    if not path.exists():
        create_once(path, secrets.token_urlsafe(32) + "\n")
    return path.read_text().strip()
