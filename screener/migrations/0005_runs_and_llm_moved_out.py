"""Run, RunItem and the LLM tables now belong to the ``runs`` and ``llm`` apps: drop them
from this app's state only. Their tables (still named ``screener_*``) stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("screener", "0004_llm_verbose_names"),
        ("runs", "0001_initial"),
        ("llm", "0001_initial"),
        # every foreign key in state must point at runs.Run before screener.Run goes
        ("resumes", "0004_move_screening_models"),
        ("screening", "0002_screeningbatch_run_in_runs_app"),
        ("profiles", "0004_last_run_in_runs_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="LLMCall"),
                migrations.DeleteModel(name="LLMCacheEntry"),
                migrations.DeleteModel(name="LLMLimiterState"),
                migrations.DeleteModel(name="LLMUsage"),
                migrations.DeleteModel(name="RunItem"),
                migrations.DeleteModel(name="Run"),
            ],
        ),
    ]
