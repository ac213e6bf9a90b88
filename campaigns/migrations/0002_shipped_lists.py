"""The shipped lists: outreach formats and topics, partner organisations, funds and
beneficiary groups (campaigns.catalogue)."""

from django.db import migrations

from campaigns.catalogue import ensure_catalogue


def load(apps, schema_editor):
    ensure_catalogue(lambda name: apps.get_model("campaigns", name))


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
