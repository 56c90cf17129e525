"""Framework-free LLM plumbing (no Django models): the SDK (``client``, the only code that
imports groq/instructor), HTTP hooks (``transport``), pacing maths (``pacing``), rate-limit
headers and typed errors. Apps call ``llm.gateway.extract()``, which adds cache and log."""
