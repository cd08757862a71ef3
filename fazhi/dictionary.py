"""Code → Chinese label dictionaries (字典): every code a service shows has a label beside it.

Each contract module keeps a `LABELS` mapping next to its enums (`{Category: {Category.X: "…"}}`);
a service's `Dictionary` gathers them under names (`category`, `status`, …), `GET /v1/dictionary`
serves it, and `label()` puts `<field>_label` (or `<field>_labels` for a list of codes)
beside each code field of a body.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import Enum
from typing import Any

EnumLabels = Mapping[type[Enum], Mapping[Any, str]]


def snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def missing_labels(labels: EnumLabels) -> list[str]:
    """Every `Enum.MEMBER` without a non-empty label, and any label for a value outside its enum."""
    gaps = [f"{enum.__name__}.{member.name}" for enum, table in labels.items() for member in enum
            if not str(table.get(member, "")).strip()]
    strays = [f"{enum.__name__}: {code!r}" for enum, table in labels.items() for code in table
              if code not in {m.value for m in enum}]
    return gaps + strays


class Dictionary:
    """One service's dictionaries by name, each code → its Chinese label."""

    def __init__(self, entries: Mapping[str, Mapping[Any, str]]) -> None:
        self.entries = {name: {str(getattr(code, "value", code)): label for code, label in table.items()}
                        for name, table in entries.items()}

    @classmethod
    def of(cls, *labels: EnumLabels, **tables: Mapping[Any, str]) -> Dictionary:
        """Enum label maps, each named after its enum in snake case (`DisputeStatus` → `dispute_status`),
        plus named tables of codes that are not enums; the roles of every token are always there."""
        from fazhi.auth import ROLE_LABELS, Role

        entries: dict[str, Mapping[Any, str]] = {}
        for enum, table in [(e, t) for group in labels for e, t in group.items()] + [(Role, ROLE_LABELS)]:
            name = snake_case(enum.__name__)
            if name in entries and dict(entries[name]) != dict(table):
                raise ValueError(f"two dictionaries named {name!r}")
            entries[name] = table
        return cls({**entries, **tables})

    def as_json(self) -> dict[str, list[dict[str, str]]]:
        return {name: [{"code": code, "label": label} for code, label in table.items()]
                for name, table in self.entries.items()}

    def label(self, body: dict[str, Any], fields: Mapping[str, str]) -> dict[str, Any]:
        """`body` with a label beside each field named in `fields` (field → dictionary name)."""
        shown = dict(body)
        for field, name in fields.items():
            if field not in body:
                continue
            table = self.entries[name]
            value = body[field]
            if isinstance(value, list):
                shown[f"{field}_labels"] = [table.get(str(v), str(v)) for v in value]
            else:
                shown[f"{field}_label"] = table.get(str(value)) if value is not None else None
        return shown
