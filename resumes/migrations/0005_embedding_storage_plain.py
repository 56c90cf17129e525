"""Keep the 1.5 kB resume vectors in the row (``SET STORAGE PLAIN``), set by their owner.

``profiles`` migration 0003 used to do this for the resumes table. pgvector's type defaults
to EXTERNAL: once a row passes ~2 kB, PostgreSQL moves the vector to TOAST and every exact
distance costs an extra TOAST read; PLAIN keeps it inline (the long texts are TOASTed
instead). Idempotent, so a database migrated before this change is left as it is. Applies
to rows written from then on (any re-embedding rewrites the value).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("resumes", "0004_move_screening_models")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE resumes_resume ALTER COLUMN embedding SET STORAGE PLAIN",
            "ALTER TABLE resumes_resume ALTER COLUMN embedding SET STORAGE EXTERNAL",
        ),
    ]
