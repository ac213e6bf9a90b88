"""PostgreSQL's `unaccent` extension, for accent-less search (wardsec.search).

Created when the server offers it and the migrating role may create it (a trusted extension
since PostgreSQL 13: the database owner may). Otherwise nothing happens and wardsec.search folds
with TRANSLATE instead: the same answers, much slower (see wardsec/search.py). Nothing on SQLite.
Not dropped on the way back: other code may use it.
"""

from django.db import DatabaseError, migrations, transaction


def create_unaccent(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
        if cursor.fetchone() is None:
            return
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        except DatabaseError:
            return  # no privilege: the TRANSLATE fallback serves


class Migration(migrations.Migration):
    dependencies = [("wardsec", "0004_scrub_audit_secrets")]

    operations = [migrations.RunPython(create_unaccent, migrations.RunPython.noop, elidable=False)]
