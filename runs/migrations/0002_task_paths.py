"""Schedules stored before the move name ``screener.tasks.*``: point them at ``runs.tasks``.

The every-minute watchdog ("recover-stalled-runs") and any pending one-off "resume-run-*"
schedule keep working either way (``screener/tasks.py`` re-exports the tasks for messages
already in the broker, which cannot be rewritten); this makes the stored paths current so
that alias can go.
"""

from django.db import migrations

TASKS = ["execute_run", "resume_run", "recover_runs"]


def rename(apps, schema_editor, old="screener.tasks", new="runs.tasks"):
    Schedule = apps.get_model("django_q", "Schedule")
    for task in TASKS:
        Schedule.objects.filter(func=f"{old}.{task}").update(func=f"{new}.{task}")


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old="runs.tasks", new="screener.tasks")


class Migration(migrations.Migration):
    dependencies = [
        ("runs", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(rename, rename_back, elidable=True)]
