"""Officials' text in a generated section: before, after or instead of what the events wrote."""

from __future__ import annotations

import re
from typing import Any

from services.reporting.reports.document import Paragraph, Table

# A line that numbers itself like a heading is one: 一、… （一）… 1. … (short, no full stop at the end)
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]\s*)\S")


def paragraphs(text: str) -> list[Paragraph]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return [Paragraph(line, heading=bool(HEADING.match(line)) and len(line) <= 40 and line[-1] != "。")
            for line in lines]


def merged(generated: list[Paragraph | Table], written: dict[str, Any] | None,
           missing: list[Paragraph]) -> list[Paragraph | Table]:
    """The section's blocks with the officials' `written` text placed as they chose; `missing` (a mark in a
    draft, nothing in a final) stands where nothing is written."""
    if not written or not (written.get("text") or "").strip():
        return [*generated, *missing]
    text = paragraphs(written["text"])
    placement = written.get("placement") or "after"
    if placement == "before":
        return [*text, *generated]
    if placement == "instead":
        return [*text, *(block for block in generated if isinstance(block, Table))]
    return [*generated, *text]
