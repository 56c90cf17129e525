from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Candidate profiles"

    def ready(self) -> None:
        from profiles import tasks  # noqa: F401
