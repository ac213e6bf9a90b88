"""The shipped kinds of dispute (land and boundaries, family and marriage, neighbours, debt and
civil, noise and hygiene, other)."""

from django.db import migrations

from mediation.catalogue import ensure_catalogue


def load(apps, schema_editor):
    ensure_catalogue(apps.get_model("mediation", "DisputeKind"))


class Migration(migrations.Migration):
    dependencies = [("mediation", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
