"""The base every command model shares: strict about unknown fields, trimmed strings."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100_000)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 -]{5,20}$")]


class Command(BaseModel):
    """A command body: unknown fields are refused, so a typo is a 422, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)
