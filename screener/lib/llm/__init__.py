"""The LLM gateway: the only code that talks to groq/instructor. See gateway.extract()."""
