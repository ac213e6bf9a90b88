"""On PostgreSQL, refuse UPDATE and DELETE of audit entries at the database level, so that not
even a raw SQL statement from the application changes the log. (TRUNCATE stays possible: it
is a database administrator's act, and the test runner empties tables with it.)"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION wardsec_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'wardsec_auditentry is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""
TRIGGER = """
CREATE TRIGGER wardsec_auditentry_append_only
BEFORE UPDATE OR DELETE ON wardsec_auditentry
FOR EACH ROW EXECUTE FUNCTION wardsec_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS wardsec_auditentry_append_only ON wardsec_auditentry;
DROP FUNCTION IF EXISTS wardsec_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # params=None: the SQL holds a literal % (RAISE format), not a placeholder.
        schema_editor.execute(FUNCTION, params=None)
        schema_editor.execute(TRIGGER, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("wardsec", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
