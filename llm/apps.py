from django.apps import AppConfig


class LLMAppConfig(AppConfig):
    name = "llm"
    verbose_name = "LLM"
