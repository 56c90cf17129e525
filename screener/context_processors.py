"""Template context every page shares."""

from __future__ import annotations

from django.http import HttpRequest

from screener.lib.llm.config import unavailable_reason


def llm(request: HttpRequest) -> dict[str, str]:
    """``llm_off``: why LLM buttons are disabled ("" when an LLM is configured). Settings only."""
    return {"llm_off": unavailable_reason()}
