from django.apps import AppConfig


class ScreenerConfig(AppConfig):
    name = "screener"
    verbose_name = "Screener core"

    def ready(self) -> None:
        _configure_embeddings()


def _configure_embeddings() -> None:
    """Hand the EMBEDDING_* settings to the framework-free embeddings module."""
    from django.conf import settings

    from screener.lib import embeddings

    embeddings.configure(
        backend=settings.EMBEDDING_BACKEND,
        num_threads=settings.EMBEDDING_THREADS,
        cache_dir=settings.EMBEDDING_CACHE_DIR,
    )
