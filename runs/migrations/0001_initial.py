"""Run and RunItem move from the ``screener`` app to ``runs``: in state only.

The tables keep their names (``screener_run``, ``screener_runitem``), their rows, indexes,
constraints and sequences; nothing is copied or renamed in the database. ``screener``
migration 0005 removes the models from its own state once every foreign key in state
points here. The content types are relabelled so admin history and permissions follow.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["run", "runitem"]


def relabel_content_types(apps, schema_editor, old="screener", new="runs"):
    """Point the models' content types at their new app (none yet on a fresh database)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def relabel_back(apps, schema_editor):
    relabel_content_types(apps, schema_editor, old="runs", new="screener")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("screener", "0004_llm_verbose_names"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Run",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(db_index=True, max_length=40)),
                ("label", models.CharField(max_length=200)),
                ("status", models.CharField(choices=[("queued", "Queued"), ("running", "Running"), ("waiting_for_quota", "Waiting for LLM quota"), ("paused", "Paused"), ("done", "Done"), ("failed", "Failed"), ("cancelled", "Cancelled")], db_index=True, default="queued", max_length=20)),
                ("total", models.PositiveIntegerField(default=0)),
                ("done", models.PositiveIntegerField(default=0)),
                ("failed", models.PositiveIntegerField(default=0)),
                ("params", models.JSONField(blank=True, default=dict)),
                ("last_error", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("resume_at", models.DateTimeField(blank=True, null=True)),
                ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("team", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="screener.team")),
            ],
            options={
                "db_table": "screener_run",
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["team", "-created_at"], name="screener_ru_team_id_781d86_idx")],
            },
        ),
        migrations.CreateModel(
            name="RunItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=100)),
                ("status", models.CharField(choices=[("pending", "Pending"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")], db_index=True, default="pending", max_length=10)),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("error", models.TextField(blank=True)),
                ("claimed_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("run", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="items", to="runs.run")),
            ],
            options={
                "db_table": "screener_runitem",
                "indexes": [models.Index(fields=["run", "status"], name="screener_ru_run_id_d582cf_idx")],
                "constraints": [models.UniqueConstraint(fields=("run", "key"), name="uniq_run_item")],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        migrations.RunPython(relabel_content_types, relabel_back),
    ]
