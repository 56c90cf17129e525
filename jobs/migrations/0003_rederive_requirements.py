"""Formerly: re-derived the deterministic requirements of jobs the LLM had not enriched.

It called the live extractor (``screener.lib.requirements``), so replaying it on a database
restored from an older dump would apply whatever the extractor does *today*, not what this
migration did when it was written; a frozen copy would mean copying the extractor and its
skill vocabulary. It is now a no-op, and the re-derivation is a command you run on purpose:

    manage.py rederive_requirements [--team NAME]

Every database that applied this migration before keeps the results it got. On a fresh
database there are no jobs, so nothing changes there either. A database that still has
jobs and never applied it (older than 2026-11-26) gets a warning naming the command.
"""

import logging

from django.db import migrations

logger = logging.getLogger(__name__)


def advise(apps, schema_editor) -> None:  # noqa: ANN001
    JobPosting = apps.get_model("jobs", "JobPosting")
    if JobPosting.objects.exclude(enrichment_status="done").exists():
        logger.warning(
            "jobs not enriched by the LLM keep the requirements extracted when they were "
            "saved; run `manage.py rederive_requirements` to re-extract them"
        )


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_key_requirements")]
    operations = [migrations.RunPython(advise, migrations.RunPython.noop, elidable=True)]
