"""The shipped kinds of crime-prevention model (lighting, cameras, gates, patrol, school
safety, community supervision, self-managed households, coordination, other)."""

from django.db import migrations

from models_registry.catalogue import ensure_catalogue


def load(apps, schema_editor):
    ensure_catalogue(apps.get_model("models_registry", "ModelKind"))


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
