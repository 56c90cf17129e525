"""A covering index on the jobs table for recommendations with filters.

pgvector 0.6 filters after the HNSW scan; when a filter is selective the recommendation
selector reads the filtered job ids and ranks them exactly. This index turns that read into
an index-only scan (no heap pages, which hold the 1.5 kB vectors). It lives in the profiles
app because only the recommendation selector relies on it; IF NOT EXISTS keeps it harmless
should the jobs app ever add the same index.
"""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS profiles_job_reco_filter
ON jobs_jobposting (team_id, embedding_version)
INCLUDE (id, remote, seniority, location)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("profiles", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(CREATE, "DROP INDEX IF EXISTS profiles_job_reco_filter"),
    ]
