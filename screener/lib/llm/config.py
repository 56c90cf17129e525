"""Which LLM provider is configured (settings only: cheap to import, no SDK)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from screener.lib.llm.errors import NotConfigured

GROQ_API_ROOT = "https://api.groq.com/openai/v1"


@dataclass(frozen=True)
class LLMConfig:
    model: str
    api_root: str
    api_key: str
    timeout: float


def config() -> LLMConfig:
    """The configured provider, or NotConfigured saying what is missing."""
    base = settings.LLM_BASE_URL.rstrip("/")
    if not settings.GROQ_API_KEY and not base:
        raise NotConfigured(
            "LLM features need GROQ_API_KEY (a Groq API key), or LLM_BASE_URL pointing at a "
            "local OpenAI-compatible server such as Ollama (http://localhost:11434/v1)."
        )
    return LLMConfig(
        model=settings.LLM_MODEL,
        api_root=base or GROQ_API_ROOT,
        api_key=settings.GROQ_API_KEY or "not-needed",
        timeout=settings.LLM_TIMEOUT,
    )


def unavailable_reason() -> str:
    """Why LLM-backed actions cannot run now, in a recruiter's words; "" when configured.

    The one rule for LLM buttons (pages read it through ``screener.context_processors``):
    when this is not empty the button is disabled and this reason is shown beside it.
    """
    try:
        config()
    except NotConfigured:
        return "No LLM is configured: ask an administrator to set GROQ_API_KEY or LLM_BASE_URL."
    return ""
