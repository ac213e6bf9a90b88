"""Remove from the existing audit entries what the log must never have kept: the values of the
fields a model declares sensitive or free text (`wardsec.sensitive.log_redacted`: a tipster's
contact, PIN material, the citizen's own words), the values of fields a declaring model no longer
has (a tip's former clear tracking code), and an object's description that showed a secret
(a tip used to be described by its tracking code).

The log is append-only: on PostgreSQL a trigger refuses UPDATE. This migration, and only it,
switches the trigger off for its own transaction and back on before it commits.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as live_apps
from django.db import migrations, transaction
from django_scopes import scopes_disabled

TRIGGER = "wardsec_auditentry_append_only"


def _live_model(content_type: Any) -> Any:
    """The current model class (with its declarations, which historical models lack)."""
    try:
        return live_apps.get_model(content_type.app_label, content_type.model)
    except LookupError:
        return None


def _current_repr(model: Any, object_id: str) -> str:
    """The object's description as the model now gives it ("" when it cannot be loaded)."""
    try:
        with transaction.atomic(), scopes_disabled():
            obj = model._base_manager.filter(pk=object_id).only("pk").first()
            return str(obj)[:255] if obj is not None else ""
    except Exception:  # a column a later migration adds, a removed object: show nothing
        return ""


def _scrub_model(entry_model: Any, content_type: Any, model: Any) -> int:
    from wardsec import audit, sensitive

    if not sensitive.log_redacted(model):
        return 0
    reprs: dict[str, str] = {}
    changed = 0
    entries = entry_model._base_manager.filter(content_type=content_type).order_by("pk")
    for entry in entries.iterator(chunk_size=2000):
        changes = audit.scrub_changes(model, entry.changes)
        if entry.object_id not in reprs:
            reprs[entry.object_id] = _current_repr(model, entry.object_id)
        if changes != entry.changes or reprs[entry.object_id] != entry.object_repr:
            entry_model._base_manager.filter(pk=entry.pk).update(
                changes=changes, object_repr=reprs[entry.object_id]
            )
            changed += 1
    return changed


def scrub_audit_log(apps: Any, schema_editor: Any) -> int:
    """Scrub every entry about a model that declares sensitive or free-text fields; returns
    how many entries changed."""
    AuditEntry = apps.get_model("wardsec", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    connection = schema_editor.connection
    postgresql = connection.vendor == "postgresql"
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    if postgresql:
        with connection.cursor() as cursor:
            # ALTER TABLE refuses to run while deferred foreign-key checks of this transaction
            # wait; the trigger is off for this transaction only (it commits or rolls back with
            # the ENABLE below).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {TRIGGER}")
    try:
        changed = 0
        used = AuditEntry._base_manager.exclude(content_type=None).values("content_type")
        for content_type in ContentType.objects.filter(pk__in=used.distinct()):
            model = _live_model(content_type)
            if model is not None:
                changed += _scrub_model(AuditEntry, content_type, model)
    finally:
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {TRIGGER}")
    return changed


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wardsec", "0003_plural_names"),
    ]

    operations = [migrations.RunPython(scrub_audit_log, migrations.RunPython.noop)]
