from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ScreenerConfig(AppConfig):
    name = "screener"
    verbose_name = "Screener core"

    def ready(self) -> None:
        post_migrate.connect(_ensure_watchdog, sender=self)


def _ensure_watchdog(**_kwargs: object) -> None:
    """After migrations: make sure the stalled-Run watchdog is scheduled (idempotent)."""
    from screener.runs import ensure_watchdog

    ensure_watchdog()
