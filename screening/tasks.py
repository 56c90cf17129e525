"""django-q2 Run handlers for screening (thin: they call the services).

* "screen_batch": items are resume ids; claimed in chunks of SCREENING_CHUNK so all missing
  embeddings of a chunk are computed in one call.
* "deep_analysis": items are candidate ids; one LLM call each (stored, not repeated).
"""

from __future__ import annotations

from django.conf import settings

from runs.executor import Report, batch_run_handler, run_handler
from runs.models import Run, RunItem
from screening import analysis as screening_analysis
from screening import services as screening_services


@batch_run_handler(screening_services.RUN_KIND, settings.SCREENING_CHUNK)
def screen_batch(run: Run, items: list[RunItem], report: Report) -> None:
    """Screen the claimed resumes of the Run's batch and re-rank its job."""
    screening_services.screen_run_items(run, items, report)


@run_handler(screening_services.ANALYSIS_RUN_KIND)
def deep_analysis(run: Run, item: RunItem) -> None:
    """Deep-analyse one candidate (returns the stored result when there is one)."""
    screening_analysis.analyse_candidate(
        int(item.key), force=bool(run.params.get("force")), run_id=run.id
    )
