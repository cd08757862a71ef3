"""Every relative link in the repository's Markdown resolves inside the clone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".git", ".venv", "var", "node_modules", ".work", ".pytest_cache"}
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _markdown_files() -> list[Path]:
    return [p for p in ROOT.rglob("*.md") if not SKIP & set(p.relative_to(ROOT).parts)]


def _relative_targets(text: str) -> list[str]:
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # code blocks are not links
    targets = [m.group(1) for m in LINK.finditer(text)]
    return [t for t in targets if not re.match(r"^[a-z][a-z0-9+.-]*:", t) and not t.startswith("#")]


def test_the_readmes_and_the_design_are_part_of_the_clone() -> None:
    files = {p.relative_to(ROOT).as_posix() for p in _markdown_files()}
    assert {"README.md", "docs/design.md", "docs/statutes.md", "services/README.md"} <= files


def test_every_relative_markdown_link_resolves_inside_the_clone() -> None:
    broken = []
    for path in _markdown_files():
        for target in _relative_targets(path.read_text(encoding="utf-8")):
            resolved = (path.parent / target.split("#", 1)[0]).resolve()
            if not resolved.exists() or ROOT not in (resolved, *resolved.parents):
                broken.append(f"{path.relative_to(ROOT)}: {target}")
    assert broken == []


def test_the_check_sees_relative_links_and_skips_web_links_anchors_and_code() -> None:
    text = "see [design](../shared/DESIGN.md), [web](https://x.example), [here](#top)\n```\n[x](nowhere.md)\n```"
    assert _relative_targets(text) == ["../shared/DESIGN.md"]
