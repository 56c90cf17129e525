"""ScreeningBatch.run points at ``runs.Run`` (the model moved apps; same table): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0001_move_screening_models"),
        ("runs", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="screeningbatch",
                    name="run",
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to="runs.run"),
                ),
            ],
        ),
    ]
