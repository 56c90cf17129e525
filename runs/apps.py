from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RunsConfig(AppConfig):
    name = "runs"
    verbose_name = "Runs"

    def ready(self) -> None:
        post_migrate.connect(_ensure_watchdog, sender=self)


def _ensure_watchdog(**_kwargs: object) -> None:
    """After migrations: make sure the stalled-Run watchdog is scheduled (idempotent)."""
    from runs.executor import ensure_watchdog

    ensure_watchdog()
