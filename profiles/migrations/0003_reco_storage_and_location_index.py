"""Keep job and resume vectors inline in their rows; index the jobs' locations per team.

* ``SET STORAGE PLAIN`` on the 384-d vectors (1,544 bytes). pgvector's type defaults to
  EXTERNAL: once a row passes ~2 kB (any real description or resume text does), PostgreSQL
  moves the vector out to the TOAST table, and every distance computed from the heap (the
  exact fallback, the distances of the rows an HNSW scan returns) then costs an extra TOAST
  index probe and page read. PLAIN keeps it in the row; the long texts are TOASTed instead.
  Applies to rows written from now on (any re-embedding rewrites the value).
* ``(team_id, location)``: the recommendation filter turns "location contains X" into the
  list of the team's matching distinct locations with a skip scan of this index (one probe
  per distinct location), then filters by that list, which the planner estimates well.

It lives in the profiles app because only the recommendation selector relies on it.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE jobs_jobposting ALTER COLUMN embedding SET STORAGE PLAIN",
    "ALTER TABLE resumes_resume ALTER COLUMN embedding SET STORAGE PLAIN",
    "CREATE INDEX IF NOT EXISTS profiles_job_team_location ON jobs_jobposting (team_id, location)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS profiles_job_team_location",
    "ALTER TABLE resumes_resume ALTER COLUMN embedding SET STORAGE EXTERNAL",
    "ALTER TABLE jobs_jobposting ALTER COLUMN embedding SET STORAGE EXTERNAL",
]


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_key_requirements"),
        ("resumes", "0002_screening_facts"),
        ("profiles", "0002_job_reco_filter_index"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
