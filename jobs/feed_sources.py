"""Feed sources: a team's job feeds, fetched on a schedule and imported like a one-shot import.

Promises:

* :func:`fetch_due_feeds` (the ``fetch-job-feeds`` schedule, every minute) claims each due
  source with a conditional update of ``next_fetch_at``, so two schedulers never fetch the
  same source twice in one interval, and stops claiming once its time budget is spent (the
  rest stay due for the next tick).
* A fetch downloads through the SSRF-safe fetcher (:func:`jobs.services.fetch_feed`) outside
  any transaction, then imports with :func:`jobs.services.import_feed` (same dedup key
  ``(team, source, external_id)`` as a one-shot import) and records the counts in ONE
  transaction: a failure leaves no job, count or Run half-written and is recorded as
  ``last_error`` in words a recruiter can act on.
* With ``auto_enrich`` on, the source's jobs that need it get an enrichment Run (queued,
  quota-aware like "Enrich all"); when none can start now the reason is kept in
  ``last_enrichment_note`` and the jobs are picked up by a later fetch.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from jobs import services
from jobs.feed import FeedError
from jobs.models import FeedSource, JobPosting
from runs.executor import ensure_schedule
from runs.models import Run
from screener.lib.fetch import DEFAULT_ALLOWED_PORTS, AddressPolicy, FetchError
from screener.lib.fetch.guard import validate_url
from screener.lib.llm.config import unavailable_reason
from screener.models import Team

logger = logging.getLogger(__name__)

FETCH_SCHEDULE = "fetch-job-feeds"
RETRY_SCHEDULE = "retry-failed-enrichments"
EDITABLE_FIELDS = ("name", "url", "source", "interval_minutes", "enabled", "auto_enrich")


# --- schedules ----------------------------------------------------------------------------------


def ensure_schedules() -> None:
    """Create the feed-fetch (every minute) and enrichment-retry (hourly) schedules once."""
    ensure_schedule(FETCH_SCHEDULE, "jobs.tasks.fetch_due_feeds", minutes=1)
    ensure_schedule(RETRY_SCHEDULE, "jobs.tasks.retry_failed_enrichments", minutes=60)


# --- create / edit / delete ---------------------------------------------------------------------


def check_feed_url(url: str) -> None:
    """Refuse, before saving, a URL the fetcher would never fetch (scheme, port, a literal
    private or loopback address). Host names are checked again at every fetch."""
    try:
        target = validate_url(url, DEFAULT_ALLOWED_PORTS)
        if target.literal is not None:
            AddressPolicy().check(target.literal)
    except FetchError as exc:
        raise ValidationError({"url": f"This URL cannot be fetched: {exc}."}) from None


def save_feed_source(
    team: Team, data: Mapping[str, Any], source: FeedSource | None = None
) -> FeedSource:
    """Create (``source=None``) or edit a team's feed source; ValidationError says why not.

    An edit that changes the URL or the interval, or turns the source on, makes it due now.
    """
    if source is not None and source.team_id != team.id:
        raise PermissionError("this feed source belongs to another team")
    check_feed_url(data["url"])
    source = source or FeedSource(team=team)
    became_due = source.pk is None or any(
        getattr(source, f) != data[f] for f in ("url", "interval_minutes", "enabled")
    )
    for name in EDITABLE_FIELDS:
        setattr(source, name, data[name])
    if became_due:
        source.next_fetch_at = None
    source.full_clean(exclude=["team", "last_run"], validate_unique=False)
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        raise ValidationError(
            {"source": "Another feed of your team already uses this source name."}
        ) from None
    return source


def delete_feed_source(team: Team, source: FeedSource) -> None:
    """Delete the source; its jobs stay (they are the team's jobs now)."""
    if source.team_id != team.id:
        raise PermissionError("this feed source belongs to another team")
    source.delete()


# --- fetching -----------------------------------------------------------------------------------


def due_sources(now: datetime) -> list[FeedSource]:
    """Enabled sources never fetched or whose next fetch time has come, oldest first."""
    due = FeedSource.objects.filter(enabled=True).filter(
        Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now)
    )
    return list(due.order_by("next_fetch_at", "id"))


def claim(source: FeedSource, now: datetime) -> bool:
    """Move the source's next fetch one interval ahead, unless another worker did first."""
    return bool(
        FeedSource.objects.filter(id=source.id, next_fetch_at=source.next_fetch_at).update(
            next_fetch_at=now + timedelta(minutes=source.interval_minutes)
        )
    )


def fetch_due_feeds(now: datetime | None = None, budget: float | None = None) -> list[FeedSource]:
    """Fetch every due source this tick can afford; returns the sources fetched.

    ``now`` is the clock the schedule compares with (tests pass it); ``budget`` (seconds,
    default RUN_TASK_BUDGET) keeps the task below django-q's timeout.
    """
    now = now or timezone.now()
    deadline = time.monotonic() + (settings.RUN_TASK_BUDGET if budget is None else budget)
    fetched = []
    for source in due_sources(now):
        if time.monotonic() >= deadline:
            break
        if claim(source, now):
            fetched.append(fetch_source(source, now=now))
    return fetched


def fetch_source(source: FeedSource, *, now: datetime | None = None) -> FeedSource:
    """Download and import one source now, recording the outcome on it (never raises for a
    feed's fault: a bad URL, an unreachable host or a broken feed become ``last_error``)."""
    now = now or timezone.now()
    FeedSource.objects.filter(id=source.id).update(
        next_fetch_at=now + timedelta(minutes=source.interval_minutes)
    )  # a fetch by hand counts as the scheduled one
    try:
        data = services.fetch_feed(source.url)
        with transaction.atomic():
            _import(source, data, now)
    except (FetchError, FeedError) as exc:
        _record_error(source, f"Nothing was imported: {exc}", now)
    except Exception as exc:  # one source's unexpected failure never stops the others
        logger.exception("feed source %s failed", source.id)
        _record_error(source, f"Nothing was imported: unexpected error ({type(exc).__name__})", now)
    source.refresh_from_db()
    return source


def _import(source: FeedSource, data: bytes, now: datetime) -> None:
    """Import and record counts (caller's transaction: all of it or nothing)."""
    team = source.team
    report = services.import_feed(team, data, source=source.source)
    run, note = _auto_enrich(source) if source.auto_enrich else (None, "")
    extra = {"last_run": run} if run else {}
    FeedSource.objects.filter(id=source.id).update(
        **extra,
        last_fetched_at=now,
        last_success_at=now,
        last_error="",
        last_imported=report.created,
        last_duplicates=report.updated + report.unchanged,
        last_rejected=report.failed,
        total_imported=F("total_imported") + report.created,
        last_enrichment_note=note[:300],
        legal_notice=report.legal_notice or source.legal_notice,
    )
    logger.info("feed source %s (team %s): %s", source.id, team.id, report.summary())


def _record_error(source: FeedSource, message: str, now: datetime) -> None:
    FeedSource.objects.filter(id=source.id).update(last_fetched_at=now, last_error=message[:2000])
    logger.info("feed source %s: %s", source.id, message)


def _auto_enrich(source: FeedSource) -> tuple[Run | None, str]:
    """Start an enrichment Run for the source's jobs that need one; (Run, note) saying what
    happened. Failed jobs are left to the retry schedule (their back-off applies)."""
    if reason := unavailable_reason():
        return None, f"New jobs were not enriched: {reason}"
    team = source.team
    if (active := services.active_enrichment_run(team)) is not None:
        return None, (
            f"New jobs wait: enrichment run #{active.id} is in progress; the next fetch sends them."
        )
    ids = JobPosting.objects.filter(team=team, source=source.source).exclude(
        enrichment_status=JobPosting.Enrichment.FAILED
    )
    run = services.start_enrichment(team, job_ids=ids.values_list("id", flat=True))
    if run is None:
        return None, "Every job of this feed is already enriched."
    return run, f"Enrichment run #{run.id} started for {run.total} job{'s' * (run.total != 1)}."
