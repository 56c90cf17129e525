"""The fake Groq server's historical import path; the code lives in ``tests.fakes.groq``.

``from tests.fakes.groq_server import FakeGroqServer`` and ``python -m tests.fakes.groq_server``
keep working.
"""

from tests.fakes.groq import (
    CHAT_PATH,
    CONTENT_FAULTS,
    CONTROL_PATH,
    DAY,
    DEFAULT_MODELS,
    FALLBACK_PURPOSE,
    FAULT_KINDS,
    JSON,
    MINUTE,
    MODELS_PATH,
    NO_RESPONSE,
    PURPOSE_HEADER,
    STATUS_FAULTS,
    FakeGroqServer,
    Fault,
    RequestRecord,
    Responder,
    default_responder,
    error_body,
    estimate_prompt_tokens,
    estimate_tokens,
    find_schema_in_text,
    forced_tool,
    main,
    make_fixture,
    message_text,
    request_schema,
    running_fake_groq,
    schema_instance,
    wants_code_block,
)

__all__ = [
    "CHAT_PATH",
    "CONTENT_FAULTS",
    "CONTROL_PATH",
    "DAY",
    "DEFAULT_MODELS",
    "FALLBACK_PURPOSE",
    "FAULT_KINDS",
    "JSON",
    "MINUTE",
    "MODELS_PATH",
    "NO_RESPONSE",
    "PURPOSE_HEADER",
    "STATUS_FAULTS",
    "FakeGroqServer",
    "Fault",
    "RequestRecord",
    "Responder",
    "default_responder",
    "error_body",
    "estimate_prompt_tokens",
    "estimate_tokens",
    "find_schema_in_text",
    "forced_tool",
    "main",
    "make_fixture",
    "message_text",
    "request_schema",
    "running_fake_groq",
    "schema_instance",
    "wants_code_block",
]

if __name__ == "__main__":
    raise SystemExit(main())
