"""The jobs table's recommendation indexes and vector storage, now declared by their owner.

``profiles`` migrations 0002/0003 used to create these with raw SQL, invisible in
``JobPosting.Meta.indexes``. The indexes are now declared there; this migration adopts
them: in state, ``AddIndex`` with the same names; in the database, the same definitions
with ``IF NOT EXISTS``, so a database that already has them (migrated before this change)
keeps them as they are, without a rebuild, and a fresh database gets them here.
``SET STORAGE PLAIN`` keeps the 1.5 kB vectors in the row instead of TOAST (every exact
distance would otherwise cost an extra TOAST read); it is idempotent.
"""

from django.db import migrations, models

FORWARD = [
    "CREATE INDEX IF NOT EXISTS profiles_job_reco_filter ON jobs_jobposting "
    "(team_id, embedding_version) INCLUDE (id, remote, seniority, location)",
    "CREATE INDEX IF NOT EXISTS profiles_job_team_location ON jobs_jobposting (team_id, location)",
    "ALTER TABLE jobs_jobposting ALTER COLUMN embedding SET STORAGE PLAIN",
]
BACKWARD = [
    "ALTER TABLE jobs_jobposting ALTER COLUMN embedding SET STORAGE EXTERNAL",
    "DROP INDEX IF EXISTS profiles_job_team_location",
    "DROP INDEX IF EXISTS profiles_job_reco_filter",
]


class Migration(migrations.Migration):
    dependencies = [("jobs", "0003_rederive_requirements")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(FORWARD, BACKWARD)],
            state_operations=[
                migrations.AddIndex(
                    model_name="jobposting",
                    index=models.Index(
                        fields=["team", "embedding_version"],
                        include=("id", "remote", "seniority", "location"),
                        name="profiles_job_reco_filter",
                    ),
                ),
                migrations.AddIndex(
                    model_name="jobposting",
                    index=models.Index(fields=["team", "location"], name="profiles_job_team_location"),
                ),
            ],
        ),
    ]
