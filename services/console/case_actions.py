"""An action offered on a case page: its button, the inputs of its form, and the body it sends."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Input:
    name: str
    label: str
    kind: str = "text"  # text, textarea, date, select:<group>, checks:<group>
    required: bool = True


@dataclass(frozen=True)
class Action:
    verb: str
    label: str
    inputs: tuple[Input, ...] = ()
    style: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    endpoint: str = ""  # the service's verb, when several buttons share it

    @property
    def path(self) -> str:
        return self.endpoint or self.verb

    def body(self, form: dict[str, Any]) -> dict[str, Any] | None:
        if not self.inputs:
            return None
        body: dict[str, Any] = dict(self.extra)
        for i in self.inputs:
            if i.kind.startswith("checks:"):
                body[i.name] = form.get(i.name, [])
            else:
                value = str(form.get(i.name, "")).strip()
                if value or i.required:
                    body[i.name] = value
        return body


def whole_number(value: Any) -> int | str | None:
    """A form's count as the JSON number the services take (they refuse a number sent as text);
    anything else is passed on as typed, so the service names the field in its answer."""
    text = str(value or "").strip()
    if not text:
        return None
    return int(text) if text.isascii() and text.isdigit() else text
