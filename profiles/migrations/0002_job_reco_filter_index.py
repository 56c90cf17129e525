"""Formerly: a covering index on the jobs table for recommendations with filters.

That index (``profiles_job_reco_filter``) belongs to the jobs table, so it is now declared
in ``JobPosting.Meta.indexes`` and created by ``jobs`` migration 0004 (``IF NOT EXISTS``,
same name and definition). This migration is kept, empty, so the migration history of
existing databases stays valid; on those the index it created is adopted as it is.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("profiles", "0001_initial"),
    ]

    operations = []
