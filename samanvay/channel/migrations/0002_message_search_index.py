"""A full-text index of message texts on PostgreSQL (the 'simple' configuration: no stemming, so
Hindi and English words are matched as written). Other databases search with LIKE and get no
index here."""

from django.db import migrations

INDEX = "channel_message_text_fts"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON channel_message "
            "USING gin (to_tsvector('simple'::regconfig, COALESCE(text, '')))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("channel", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
