"""An export is audited in the log of each ward whose rows left.

Reproduced before the fix: a province leader's export was recorded with no ward, so no
commander ever saw it (only superusers).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.conftest import client_for
from tests.wardsec.conftest import make_widget
from tests.wardsec.test_admin import export, exported_rows
from wardsec.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

AUDIT_LOG = reverse("admin:wardsec_auditentry_changelist")


def export_entries() -> list[AuditEntry]:
    with scopes_disabled():
        return list(AuditEntry.objects.filter(action=AuditAction.EXPORT).order_by("ward_id"))


def test_a_leaders_export_is_audited_per_ward(
    leader_client, province_leader, ward_a, ward_b, widget_a, widget_b
):
    second_a = make_widget(ward_a, name="Another widget")
    rows = exported_rows(export(leader_client, [widget_a.pk, second_a.pk, widget_b.pk]))
    assert len(rows) == 4  # the header and three rows
    entries = export_entries()
    assert [(e.ward, e.note) for e in entries] == [
        (ward_a, "scopedapp.Widget: 2"),
        (ward_b, "scopedapp.Widget: 1"),
    ]
    assert all(e.actor == province_leader for e in entries)


def test_the_wards_commander_sees_the_leaders_export(leader_client, commander_a, widget_a):
    export(leader_client, [widget_a.pk])
    [entry] = export_entries()
    listed = client_for(commander_a).get(AUDIT_LOG, {"action__exact": AuditAction.EXPORT})
    assert listed.status_code == 200
    assert [row.pk for row in listed.context["cl"].result_list] == [entry.pk]


def test_an_officers_export_stays_one_entry_of_the_ward(officer_a_client, ward_a, widget_a):
    export(officer_a_client, [widget_a.pk])
    [entry] = export_entries()
    assert entry.ward == ward_a
