"""The LLM's tables move from the ``screener`` app to ``llm``: in state only.

The tables keep their names (``screener_llmcall``, ``screener_llmcacheentry``,
``screener_llmlimiterstate``, ``screener_llmusage``), rows, indexes and sequences; nothing
is copied or renamed in the database. ``screener`` migration 0005 removes the models from
its own state. The content types are relabelled so admin history and permissions follow.
"""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ["llmcall", "llmcacheentry", "llmlimiterstate", "llmusage"]


def relabel_content_types(apps, schema_editor, old="screener", new="llm"):
    """Point the models' content types at their new app (none yet on a fresh database)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def relabel_back(apps, schema_editor):
    relabel_content_types(apps, schema_editor, old="llm", new="screener")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("screener", "0004_llm_verbose_names"),
        ("runs", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    state_operations = [
        migrations.CreateModel(
            name="LLMCacheEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=64, unique=True)),
                ("purpose", models.CharField(max_length=60)),
                ("model", models.CharField(max_length=100)),
                ("prompt_version", models.CharField(max_length=40)),
                ("response", models.JSONField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "LLM cache entry",
                "verbose_name_plural": "LLM cache entries",
                "db_table": "screener_llmcacheentry",
            },
        ),
        migrations.CreateModel(
            name="LLMCall",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("purpose", models.CharField(db_index=True, max_length=60)),
                ("model", models.CharField(max_length=100)),
                ("status", models.CharField(db_index=True, help_text="HTTP status or error kind", max_length=20)),
                ("prompt_tokens", models.PositiveIntegerField(default=0)),
                ("completion_tokens", models.PositiveIntegerField(default=0)),
                ("latency_ms", models.PositiveIntegerField(default=0)),
                ("error", models.TextField(blank=True)),
                ("item_key", models.CharField(blank=True, db_index=True, max_length=100)),
                ("limit_requests", models.PositiveIntegerField(blank=True, help_text="per day", null=True)),
                ("remaining_requests", models.PositiveIntegerField(blank=True, null=True)),
                ("reset_requests_s", models.FloatField(blank=True, null=True)),
                ("limit_tokens", models.PositiveIntegerField(blank=True, help_text="per minute", null=True)),
                ("remaining_tokens", models.PositiveIntegerField(blank=True, null=True)),
                ("reset_tokens_s", models.FloatField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("run", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="llm_calls", to="runs.run")),
            ],
            options={
                "verbose_name": "LLM call",
                "db_table": "screener_llmcall",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="LLMLimiterState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("model", models.CharField(max_length=100, unique=True)),
                ("blocked_until", models.DateTimeField(blank=True, null=True)),
                ("quota_reset_at", models.DateTimeField(blank=True, null=True)),
                ("learned_rpd", models.PositiveIntegerField(blank=True, null=True)),
                ("learned_tpm", models.PositiveIntegerField(blank=True, null=True)),
                ("remaining_requests", models.PositiveIntegerField(blank=True, null=True)),
                ("remaining_tokens", models.PositiveIntegerField(blank=True, null=True)),
                ("tokens_reset_at", models.DateTimeField(blank=True, null=True)),
                ("requests_reset_at", models.DateTimeField(blank=True, null=True)),
                ("observed_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "verbose_name": "LLM limiter state",
                "db_table": "screener_llmlimiterstate",
            },
        ),
        migrations.CreateModel(
            name="LLMUsage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("model", models.CharField(max_length=100)),
                ("at", models.DateTimeField(db_index=True)),
                ("tokens", models.PositiveIntegerField()),
            ],
            options={
                "verbose_name": "LLM usage",
                "verbose_name_plural": "LLM usage",
                "db_table": "screener_llmusage",
                "indexes": [models.Index(fields=["model", "at"], name="screener_ll_model_46e6b3_idx")],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        migrations.RunPython(relabel_content_types, relabel_back),
    ]
