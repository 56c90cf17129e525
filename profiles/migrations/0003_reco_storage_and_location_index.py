"""Formerly: vectors stored inline in the jobs and resumes tables, and a jobs location index.

Both belong to the tables' own apps now: ``jobs`` migration 0004 declares and adopts
``profiles_job_team_location`` and sets ``SET STORAGE PLAIN`` on the jobs' vectors;
``resumes`` migration 0005 does the same for the resumes' vectors (both idempotent). This
migration is kept, empty, so the migration history of existing databases stays valid.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_key_requirements"),
        ("resumes", "0002_screening_facts"),
        ("profiles", "0002_job_reco_filter_index"),
    ]

    operations = []
