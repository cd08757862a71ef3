"""Typed errors every service raises; `fazhi.problems` maps them to HTTP in one place.

The domain and the kernel raise these and never build HTTP responses themselves.
"""

from __future__ import annotations


class FazhiError(Exception):
    """Base of every error Fazhi raises on purpose.

    `field` names the offending input (a dotted path such as `parties.0.id_number`)
    when one input is to blame; `reason` is a sentence a clerk can act on. `title` is
    Chinese, `title_en` its English (`Accept-Language: en`).
    """

    status = 400
    title = "请求有误"  # shown by default; `title_en` with `Accept-Language: en`
    title_en = "Bad request"

    def __init__(self, reason: str, *, field: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


class InvalidInput(FazhiError):
    """Input that is well-formed JSON but breaks a rule of its own (422)."""

    status = 422
    title = "输入无效"
    title_en = "Invalid input"


class NotFound(FazhiError):
    status = 404
    title = "未找到"
    title_en = "Not found"


class RuleViolation(FazhiError):
    """A command the case's current state or the statute does not allow (409)."""

    status = 409
    title = "当前状态下不允许此操作"
    title_en = "Not allowed in the current state"


class ConcurrencyConflict(FazhiError):
    """Another writer appended to the stream first (409); reload and retry."""

    status = 409
    title = "并发修改冲突"
    title_en = "Concurrent change"

    def __init__(self, stream_id: str, expected_version: int | None, actual_version: int | None = None) -> None:
        super().__init__(
            f"stream {stream_id} is at version {actual_version if actual_version is not None else 'unknown'},"
            f" the command expected {expected_version}"
        )
        self.stream_id = stream_id
        self.expected_version = expected_version
        self.actual_version = actual_version


class PreconditionFailed(FazhiError):
    """`If-Match` named a version the case has moved on from (412)."""

    status = 412
    title = "版本已变化"
    title_en = "Precondition failed"


class Unauthenticated(FazhiError):
    status = 401
    title = "需要身份认证"
    title_en = "Authentication required"


class NotPermitted(FazhiError):
    status = 403
    title = "无权操作"
    title_en = "Not permitted"


class TooManyRequests(FazhiError):
    """A public lookup asked too often from one place, or for one case (429); try again later."""

    status = 429
    title = "请求过于频繁"
    title_en = "Too many requests"


class UnknownTownship(NotFound):
    title = "未知乡镇"
    title_en = "Unknown township"


class MalformedRequest(FazhiError):
    """A request the service cannot take as sent, such as an empty `Idempotency-Key` (400)."""

    status = 400
    title = "请求有误"
    title_en = "Bad request"


class PayloadTooLarge(FazhiError):
    """A request body over the configured limit (413): refused before it is read."""

    status = 413
    title = "请求内容过大"
    title_en = "Request body too large"
