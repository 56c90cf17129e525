from django.apps import AppConfig


class ResumesConfig(AppConfig):
    name = "resumes"
    verbose_name = "Resumes"

    def ready(self) -> None:
        from resumes import tasks  # noqa: F401 - register Run handlers
