from django.db import migrations
from pgvector.django import VectorExtension


class Migration(migrations.Migration):
    """Enable pgvector; every later embedding column needs it."""

    dependencies = [("screener", "0001_initial")]
    operations = [VectorExtension()]
