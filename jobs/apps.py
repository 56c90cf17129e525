from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Job postings"

    def ready(self) -> None:
        from jobs import tasks  # noqa: F401 - register Run handlers
