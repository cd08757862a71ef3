"""Key files under the data dir: created once with owner-only access, never overwritten.

Every process of one installation that starts at the same time reads the same file: the
first creator wins, the others find its file and use that key.
"""

from __future__ import annotations

import os
import secrets
import threading
from pathlib import Path


PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600


def private_directory(path: Path) -> Path:
    """Make `path` a directory only its owner can enter (0700), with any missing parents (0700 too)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for directory in reversed(missing):
        directory.mkdir(mode=PRIVATE_DIRECTORY, exist_ok=True)
    if path.stat().st_uid == os.getuid():  # one made by hand before: tightened too
        path.chmod(PRIVATE_DIRECTORY)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty with mode 0600 unless it exists; an existing file of ours is tightened to 0600."""
    private_directory(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    if path.stat().st_uid == os.getuid():
        path.chmod(PRIVATE_FILE)
    return path


def create_once(path: Path, content: str) -> None:
    """Write `content` to `path` (mode 0600, parents made 0700) unless the file already exists."""
    private_directory(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
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
