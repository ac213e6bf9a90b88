"""The shipped unit kinds (with the years each was in law, incl. the ANTT protection team of
Law 30/2023/QH15 from 1 July 2024) and training topics."""

from django.db import migrations

from core_forces.catalogue import ensure_catalogue


def load(apps, schema_editor):
    ensure_catalogue(apps.get_model("core_forces", "UnitKind"), apps.get_model("core_forces", "TrainingTopic"))


class Migration(migrations.Migration):
    dependencies = [("core_forces", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
