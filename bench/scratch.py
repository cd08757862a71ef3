"""Scratch space for one bench run: fresh SQLite files under `bench/.work/`, removed at the end."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).parent / ".work"


class Scratch:
    """A directory of its own for this run; `fresh(name)` is a path no run has used."""

    def __init__(self) -> None:
        self.dir = ROOT / f"run-{os.getpid()}"
        self.dir.mkdir(parents=True, exist_ok=True)
        self._numbers = itertools.count()

    def fresh(self, name: str) -> Path:
        return self.dir / f"{next(self._numbers):04d}-{name}"

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
