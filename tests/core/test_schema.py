"""The database the migrations build is the schema the models declare.

Indexes belong to the model that owns the table (``Meta.indexes``), including the ones
created for another app's queries; models that moved apps keep their tables.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

OUR_APPS = ("screener", "runs", "llm", "jobs", "resumes", "screening", "profiles")
MOVED = {
    "runs.Run": "screener_run",
    "runs.RunItem": "screener_runitem",
    "llm.LLMCall": "screener_llmcall",
    "llm.LLMCacheEntry": "screener_llmcacheentry",
    "llm.LLMLimiterState": "screener_llmlimiterstate",
    "llm.LLMUsage": "screener_llmusage",
}


def _indexes(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    [m for m in apps.get_models() if m._meta.app_label in OUR_APPS and m._meta.indexes],
    ids=lambda m: m._meta.label,
)
def test_every_declared_index_exists_with_its_name(model) -> None:  # noqa: ANN001
    existing = _indexes(model._meta.db_table)
    missing = [ix.name for ix in model._meta.indexes if ix.name not in existing]
    assert not missing, f"{model._meta.label}: declared but not in the database: {missing}"


@pytest.mark.django_db
def test_the_recommendation_indexes_are_the_jobs_tables_own() -> None:
    existing = _indexes("jobs_jobposting")
    assert existing["profiles_job_reco_filter"].endswith(
        "USING btree (team_id, embedding_version) INCLUDE (id, remote, seniority, location)"
    )
    assert existing["profiles_job_team_location"].endswith("USING btree (team_id, location)")


@pytest.mark.django_db
def test_the_moved_models_keep_their_tables() -> None:
    tables = set(connection.introspection.table_names())
    for label, table in MOVED.items():
        assert apps.get_model(label)._meta.db_table == table
        assert table in tables, label
