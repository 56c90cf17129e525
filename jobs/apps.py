from django.apps import AppConfig
from django.db.models.signals import post_migrate


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Job postings"

    def ready(self) -> None:
        from jobs import tasks  # noqa: F401 - register Run handlers

        post_migrate.connect(_ensure_schedules, sender=self)


def _ensure_schedules(**_kwargs: object) -> None:
    """After migrations: the feed-fetch and enrichment-retry schedules exist (idempotent)."""
    from jobs.feed_sources import ensure_schedules

    ensure_schedules()
