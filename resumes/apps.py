from django.apps import AppConfig


class ResumesConfig(AppConfig):
    name = "resumes"
    verbose_name = "Resumes and screening"

    def ready(self) -> None:
        from resumes import screening_tasks, tasks  # noqa: F401 - register Run handlers
