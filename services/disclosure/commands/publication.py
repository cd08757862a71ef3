"""Commands on publications (主动公开)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from services.disclosure.commands.base import Command, LongText, Text, Title
from services.disclosure.contract import Attachment, Category, Channel, RefusalGround


class DraftPublication(Command):
    """Open an item; it needs a body or an attachment reference."""

    title: Title
    body: LongText | None = None
    attachment: Attachment | None = None
    category: Category
    formed_on: date = Field(description="the day the information was formed or changed (GIS Art. 26)")


class RevisePublication(Command):
    """Change an item: the fields sent replace the current revision's; a new revision results.

    A field left out stays as it is; `body` or `attachment` sent as null removes it. Title,
    category and formed_on can be replaced but never removed, so null is refused there."""

    title: Title = Field(None, description="left out: unchanged; never null")  # type: ignore[assignment]
    body: LongText | None = None
    attachment: Attachment | None = None
    category: Category = Field(None, description="left out: unchanged; never null")  # type: ignore[assignment]
    formed_on: date = Field(None, description="left out: unchanged; never null")  # type: ignore[assignment]


class SubmitReview(Command):
    revision: int = Field(ge=1, description="the revision to review: must be the current one")


class ApproveReview(Command):
    revision: int = Field(ge=1)
    comment: Text | None = None


class RefuseReview(Command):
    revision: int = Field(ge=1)
    grounds: list[RefusalGround] = Field(min_length=1)
    comment: Text | None = None


class Publish(Command):
    channels: list[Channel] = Field(min_length=1)
    revision: int | None = Field(None, ge=1, description="if sent, must be the current revision")


class Withdraw(Command):
    reason: Text
