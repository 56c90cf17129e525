from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ScreenerConfig(AppConfig):
    name = "screener"
    verbose_name = "Screener core"

    def ready(self) -> None:
        post_migrate.connect(_ensure_watchdog, sender=self)
        _configure_embeddings()


def _ensure_watchdog(**_kwargs: object) -> None:
    """After migrations: make sure the stalled-Run watchdog is scheduled (idempotent)."""
    from screener.runs import ensure_watchdog

    ensure_watchdog()


def _configure_embeddings() -> None:
    """Hand the EMBEDDING_* settings to the framework-free embeddings module."""
    from django.conf import settings

    from screener.lib import embeddings

    embeddings.configure(
        backend=settings.EMBEDDING_BACKEND,
        num_threads=settings.EMBEDDING_THREADS,
        cache_dir=settings.EMBEDDING_CACHE_DIR,
    )
