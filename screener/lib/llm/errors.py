"""Typed errors of the LLM gateway. Callers catch these, never SDK exceptions."""

from __future__ import annotations

from datetime import datetime


class LLMError(Exception):
    """Base class; ``str(error)`` is a message fit to show a user."""


class NotConfigured(LLMError):  # noqa: N818 - reads better at call sites
    """No API key (and no local base URL): LLM features are off."""


class RateLimited(LLMError):  # noqa: N818
    """The provider kept answering 429 for per-minute limits; try again later."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QuotaExhausted(LLMError):  # noqa: N818
    """The daily budget is used up; nothing should be sent before ``resume_at``."""

    def __init__(self, message: str, resume_at: datetime) -> None:
        super().__init__(message)
        self.resume_at = resume_at


class RequestTooLarge(LLMError):
    """The request exceeds the per-minute token limit (413): retrying can never help."""


class InvalidOutput(LLMError):
    """The answer was not valid JSON for the schema after the allowed re-asks."""


class ProviderError(LLMError):
    """5xx, timeouts, connection failures, rejected keys: the provider did not answer."""
