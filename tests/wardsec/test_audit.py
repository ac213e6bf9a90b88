"""The audit log: who, in which role, where, what changed, under which request id — and nobody
changes or removes an entry, not through the model, the queryset, the admin or raw SQL."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.wardsec.conftest import audit_entries
from wardsec import audit
from wardsec.models import AppendOnlyError, AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:wardsec_auditentry_changelist")


def entry_in(ward, actor=None, note: str = "") -> AuditEntry:
    return audit.record(action=AuditAction.VIEW, actor=actor, ward=ward, note=note or ward.name)


def reload(entry: AuditEntry) -> AuditEntry:
    with scopes_disabled():
        return AuditEntry.objects.get(pk=entry.pk)


@pytest.fixture
def entry(ward_a, officer_a):
    return entry_in(ward_a, actor=officer_a, note="original")


@pytest.fixture
def entries(ward_a, ward_b, ward_c) -> dict[str, AuditEntry]:
    return {"a": entry_in(ward_a), "b": entry_in(ward_b), "c": entry_in(ward_c)}


# --- What an entry holds ------------------------------------------------------------------------
def test_record_keeps_actor_role_ward_and_request_id(officer_a, ward_a, widget_a):
    token = audit.request_id_var.set("req-0123456789")
    try:
        entry = audit.record(
            action=AuditAction.UPDATE,
            instance=widget_a,
            actor=officer_a,
            changes={"name": ["Old", "New"]},
            event="widget.rename",
        )
    finally:
        audit.request_id_var.reset(token)
    entry = reload(entry)
    assert entry.actor == officer_a
    assert entry.actor_label == "officer_a"
    assert entry.actor_role == "officer"
    assert entry.ward == ward_a  # taken from the instance
    assert entry.object_id == str(widget_a.pk)
    assert entry.object_repr == "Alpha widget"
    assert entry.changes == {"name": ["Old", "New"]}
    assert entry.request_id == "req-0123456789"
    assert entry.event == "widget.rename"


def test_role_is_the_one_held_over_the_ward(province_leader, superuser, ward_b):
    assert audit.record(action="view", actor=province_leader, ward=ward_b).actor_role == "leader"
    assert audit.record(action="view", actor=superuser, ward=ward_b).actor_role == "superuser"


def test_the_system_and_the_public_are_named_not_identified(ward_a):
    entry = audit.record(action=AuditAction.CREATE, ward=ward_a)
    assert entry.actor is None
    assert entry.actor_label == "Hệ thống"
    entry = audit.record(action=AuditAction.CREATE, ward=ward_a, actor_label="Người dân")
    assert entry.actor_label == "Người dân"
    assert entry.actor_role == ""


def test_unknown_actions_are_refused(ward_a):
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit.record(action="poke", ward=ward_a)


def test_secrets_and_bookkeeping_never_enter_the_log(officer_a):
    values = audit.snapshot(officer_a)
    assert "password" not in values
    assert "username" in values
    assert "created_at" not in audit.snapshot(officer_a.memberships.model(user=officer_a))


def test_diff_lists_only_changed_fields(widget_a):
    before = audit.snapshot(widget_a)
    widget_a.name = "Renamed"
    assert audit.diff(before, widget_a) == {"name": ["Alpha widget", "Renamed"]}
    assert audit.saved(widget_a, actor=None, before=audit.snapshot(widget_a)) is None


# --- Sensitive and free-text values ------------------------------------------------------------
@pytest.fixture
def declaring_widget(monkeypatch, widget_a, officer_a):
    """Widget declares its owner a secret and its neighbourhood free text, for these tests."""
    from tests.scopedapp.models import Widget

    monkeypatch.setattr(Widget, "sensitive_fields", {"owner": None}, raising=False)
    monkeypatch.setattr(Widget, "audit_redact", ("neighbourhood",), raising=False)
    widget_a.owner = officer_a
    return widget_a


def test_declared_values_are_logged_as_changed_never_copied(declaring_widget, officer_b):
    from wardsec.sensitive import CHANGED

    entry = audit.saved(declaring_widget, actor=None, before=None)
    assert entry.changes["owner"] == [None, CHANGED]
    assert entry.changes["name"] == [None, "Alpha widget"]
    before = audit.snapshot(declaring_widget)
    declaring_widget.owner = officer_b
    entry = reload(audit.saved(declaring_widget, actor=None, before=before))
    assert entry.changes == {"owner": [CHANGED, CHANGED]}  # it changed; not from what to what
    declaring_widget.owner = None
    entry = audit.saved(declaring_widget, actor=None, before=audit.snapshot(declaring_widget))
    # a hand-written `changes` goes through the same filter
    entry = audit.record(
        action=AuditAction.UPDATE,
        instance=declaring_widget,
        changes={"neighbourhood": [7, None], "name": ["a", "b"]},
    )
    assert reload(entry).changes == {"neighbourhood": [CHANGED, None], "name": ["a", "b"]}


def _old_entry(widget, changes, object_repr) -> AuditEntry:
    from django.contrib.contenttypes.models import ContentType

    return AuditEntry.objects.create(
        action=AuditAction.CREATE,
        actor_label="Người dân",
        ward=widget.ward,
        content_type=ContentType.objects.get_for_model(widget),
        object_id=str(widget.pk),
        object_repr=object_repr,
        changes=changes,
    )


def test_the_migration_scrubs_what_old_entries_hold(declaring_widget):
    """An entry written the old way keeps raw values; the scrub masks the declared fields and
    the ones the model no longer has, and redraws the object's description."""
    import importlib

    from django.apps import apps

    from wardsec.sensitive import CHANGED

    scrub = importlib.import_module("wardsec.migrations.0004_scrub_audit_secrets")
    raw = {
        "name": [None, "Alpha widget"],
        "owner": [None, 42],
        "neighbourhood": [None, 7],
        "tracking_code": [None, "K7M2QX9RTAHB4WN"],
    }
    old = _old_entry(declaring_widget, raw, object_repr="K7M2QX9RTAHB4WN")
    assert reload(old).changes == raw
    # The migration uses only its schema editor's connection (SQLite's editor cannot open
    # inside the test's transaction).
    assert scrub.scrub_audit_log(apps, SimpleNamespace(connection=connection)) >= 1
    scrubbed = reload(old)
    assert scrubbed.changes == {
        "name": [None, "Alpha widget"],
        "owner": [None, CHANGED],
        "neighbourhood": [None, CHANGED],
        "tracking_code": [None, CHANGED],
    }
    assert scrubbed.object_repr == "Alpha widget"
    assert "K7M2Q" not in str(AuditEntry.objects.with_scopes_disabled().values_list())
    # the append-only guard is back once the scrub is done
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(AuditEntry._meta.db_table)
        sql = f"UPDATE {table} SET note = %s WHERE id = %s"  # noqa: S608
        refused = pytest.raises(DatabaseError, match="append-only")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, ["tampered", old.pk])


# --- Request id -----------------------------------------------------------------------------------
def test_the_response_carries_the_request_id(officer_a_client):
    first = officer_a_client.get(reverse("admin:index"))["X-Request-ID"]
    second = officer_a_client.get(reverse("admin:index"))["X-Request-ID"]
    assert len(first) >= 8
    assert first != second


def test_a_proxys_well_formed_request_id_is_kept_and_others_replaced(officer_a_client, settings):
    settings.WARDSEC_TRUST_REQUEST_ID = True  # a proxy we trust (tests/wardsec/test_request_id)
    response = officer_a_client.get(reverse("admin:index"), HTTP_X_REQUEST_ID="edge-42-abcdef")
    assert response["X-Request-ID"] == "edge-42-abcdef"
    for bad in ("short", "has spaces in it", "x" * 65, "<script>alert(1)</script>"):
        response = officer_a_client.get(reverse("admin:index"), HTTP_X_REQUEST_ID=bad)
        assert response["X-Request-ID"] != bad


@pytest.mark.urls("tests.scopedapp.urls")
def test_the_proxys_request_id_reaches_the_entry(officer_a_client, settings):
    settings.WARDSEC_TRUST_REQUEST_ID = True
    response = officer_a_client.post(
        "/api/v1/test/widgets/",
        {"name": "Traced"},
        content_type="application/json",
        HTTP_X_REQUEST_ID="edge-trace-0001",
    )
    assert response.status_code == 201
    from tests.scopedapp.models import Widget

    [entry] = audit_entries(Widget, object_id=str(response.json()["id"]))
    assert entry.request_id == "edge-trace-0001" == response["X-Request-ID"]


# --- Append-only ------------------------------------------------------------------------------
def test_the_model_refuses_change_and_removal(entry):
    entry.note = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert reload(entry).note == "original"


def test_a_new_instance_cannot_overwrite_an_entry_by_its_id(entry, ward_a):
    forged = AuditEntry(
        pk=entry.pk, action=AuditAction.DELETE, actor_label="forger", ward=ward_a, note="forged"
    )
    with pytest.raises((AppendOnlyError, DatabaseError)), transaction.atomic():
        forged.save()
    assert reload(entry).note == "original"
    assert reload(entry).actor_label == "officer_a"


def test_the_queryset_refuses_update_and_delete(entry):
    with scopes_disabled():
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.filter(pk=entry.pk).update(note="tampered")
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.update(note="tampered")
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.filter(pk=entry.pk).delete()
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.all().delete()
        entry.note = "tampered"
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.bulk_update([entry], ["note"])
    assert reload(entry).note == "original"


def test_raw_sql_is_refused_on_postgresql(entry):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    statements = [
        (f"UPDATE {table} SET note = %s WHERE id = %s", ["tampered", entry.pk]),  # noqa: S608
        (f"DELETE FROM {table} WHERE id = %s", [entry.pk]),  # noqa: S608
    ]
    for sql, params in statements:
        refused = pytest.raises(DatabaseError, match="append-only")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    assert reload(entry).note == "original"


# --- Admin --------------------------------------------------------------------------------------
def test_admin_is_read_only_even_for_a_superuser(superuser_client, entry):
    url = reverse("admin:wardsec_auditentry_change", args=[entry.pk])
    response = superuser_client.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert response.context["has_delete_permission"] is False
    page = response.content.decode()
    assert 'name="_save"' not in page
    assert "original" in page
    assert superuser_client.post(url, {"note": "tampered"}).status_code == 403
    delete = reverse("admin:wardsec_auditentry_delete", args=[entry.pk])
    assert superuser_client.get(delete).status_code == 403
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert superuser_client.get(reverse("admin:wardsec_auditentry_add")).status_code == 403
    response = superuser_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()
    response = superuser_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes", "index": 0},
    )
    assert reload(entry).note == "original"


def listed(client) -> set[int]:
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


def test_commander_sees_the_log_of_their_ward_only(commander_a_client, entries):
    seen = listed(commander_a_client)
    assert entries["a"].pk in seen
    assert entries["b"].pk not in seen
    assert entries["c"].pk not in seen
    url = reverse("admin:wardsec_auditentry_change", args=[entries["b"].pk])
    assert commander_a_client.get(url).status_code == 404


def test_leader_sees_the_log_of_the_province(leader_client, entries):
    seen = listed(leader_client)
    assert {entries["a"].pk, entries["b"].pk} <= seen
    assert entries["c"].pk not in seen


def test_officers_do_not_see_the_log(officer_a_client, entries):
    assert officer_a_client.get(CHANGELIST).status_code == 403
    url = reverse("admin:wardsec_auditentry_change", args=[entries["a"].pk])
    assert officer_a_client.get(url).status_code == 403


def test_anonymous_sees_no_log(entries):
    response = Client().get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_log_filter_names_only_wards_in_scope(
    commander_a_client, leader_client, entries, ward_a, ward_b
):
    # One ward: no ward filter (nor column) at all; several: only the wards in scope.
    response = commander_a_client.get(CHANGELIST)
    assert "ward" not in {
        getattr(s, "field_path", None) for s in response.context["cl"].filter_specs
    }
    response = leader_client.get(CHANGELIST)
    for spec in response.context["cl"].filter_specs:
        if getattr(spec, "field_path", None) == "ward":
            assert {value for value, _label in spec.lookup_choices} == {ward_a.pk, ward_b.pk}
            break
    else:
        raise AssertionError("no ward filter")
