"""People under community supervision are a restricted record: its own permission
(`view_supervision`), every read audited, never in an export a plain officer can make, never in
another ward's reach, never readable by the province leader."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.models_registry import factories
from tests.platform.personas import client_for, user_with_permissions
from wardsec.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Văn Giám Sát"


@pytest.fixture
def person_a(ward_a):
    return factories.make_person(ward_a, full_name=NAME, address="Số 9, hẻm 4")


def reads(person=None, event="supervised_person.read"):
    with scopes_disabled():
        entries = AuditEntry.objects.filter(action=AuditAction.VIEW, event=event)
        if person is not None:
            entries = entries.filter(object_id=str(person.pk))
        return list(entries)


def test_a_plain_officer_sees_nothing_in_admin_api_and_search(officer_a, person_a):
    client = client_for(officer_a)
    admin_list = reverse("admin:models_registry_supervisedperson_changelist")
    assert client.get(admin_list).status_code == 403
    assert client.get(admin_list, {"q": "Giam Sat"}).status_code == 403
    page = reverse("admin:models_registry_supervisedperson_change", args=[person_a.pk])
    assert client.get(page).status_code == 403
    assert client.get(reverse("supervisedperson-list")).status_code == 403
    detail = reverse("supervisedperson-detail", args=[person_a.pk])
    assert client.get(detail).status_code == 403
    # Nor on the admin index or the app page.
    index = client.get(reverse("admin:index")).content.decode()
    assert "supervisedperson" not in index
    assert reads() == [] and reads(event="supervised_person.list_read") == []


def test_the_view_permission_alone_is_not_enough(ward_a, person_a):
    user = user_with_permissions(ward_a, "models_registry.view_supervisedperson")
    client = client_for(user)
    assert client.get(reverse("supervisedperson-list")).status_code == 403
    admin_list = reverse("admin:models_registry_supervisedperson_changelist")
    assert client.get(admin_list).status_code == 403
    export = reverse("admin:models_registry_supervisedperson_export", args=["csv"])
    assert client.get(export).status_code == 403


def test_the_province_leader_and_anonymous_get_nothing(province_leader, person_a):
    assert client_for(province_leader).get(reverse("supervisedperson-list")).status_code == 403
    from django.test import Client

    anonymous = Client()
    assert anonymous.get(reverse("supervisedperson-list")).status_code == 401
    page = reverse("admin:models_registry_supervisedperson_change", args=[person_a.pk])
    assert anonymous.get(page).status_code == 302


def test_another_wards_commander_does_not_find_it(ward_b, person_a):
    from tests import factories as base

    client = client_for(base.make_commander(ward_b, username="commander_b"))
    detail = reverse("supervisedperson-detail", args=[person_a.pk])
    assert client.get(detail).status_code == 404
    page = reverse("admin:models_registry_supervisedperson_change", args=[person_a.pk])
    assert client.get(page).status_code == 404
    listed = client.get(reverse("supervisedperson-list")).json()
    assert person_a.pk not in {row["id"] for row in listed["results"]}
    assert reads(person_a) == []


def test_every_read_is_audited(commander_a, person_a):
    client = client_for(commander_a)
    page = client.get(reverse("admin:models_registry_supervisedperson_change", args=[person_a.pk]))
    assert page.status_code == 200 and NAME in page.content.decode()
    assert [entry.actor for entry in reads(person_a)] == [commander_a]
    # The API's read and the lists are logged too (a list: one entry per ward, with the count).
    api = client_for(commander_a)
    assert api.get(reverse("supervisedperson-detail", args=[person_a.pk])).json()["full_name"] == (
        NAME
    )
    listed = api.get(reverse("supervisedperson-list"))
    assert listed["Cache-Control"] == "no-store"
    client.get(reverse("admin:models_registry_supervisedperson_changelist"))
    list_reads = reads(event="supervised_person.list_read")
    assert len(list_reads) == 2
    assert all(e.note.endswith(": 1") and e.ward_id == person_a.ward_id for e in list_reads)


def test_the_audit_log_never_copies_the_personal_data(person_a):
    with scopes_disabled():
        created = AuditEntry.objects.get(event="supervised_person.placed")
    assert NAME not in str(created.changes) and "hẻm 4" not in str(created.changes)
    assert created.changes["full_name"] == [None, "***"]
    assert NAME not in created.object_repr


def test_an_export_without_the_permission_leaves_the_personal_fields_out(ward_a, person_a):
    """Whoever may open the list but not read the record (a misconfigured group): the
    platform's sensitive fields leave the personal data out of the file."""
    reader = user_with_permissions(
        ward_a, "models_registry.view_supervisedperson", "models_registry.view_supervision"
    )
    content = client_for(reader).get(
        reverse("admin:models_registry_supervisedperson_export", args=["csv"])
    )
    assert NAME in content.content.decode("utf-8-sig")  # who may read, gets it
    officer = user_with_permissions(ward_a, "models_registry.view_supervisedperson")
    refused = client_for(officer).get(
        reverse("admin:models_registry_supervisedperson_export", args=["csv"])
    )
    assert refused.status_code == 403
    from models_registry.models import SupervisedPerson
    from wardsec import exports

    fields = [f.name for f in exports.export_fields(officer, SupervisedPerson, ["id", "full_name"])]
    assert fields == ["id"]


def test_a_plain_officers_exports_of_the_models_hold_no_supervised_person(
    officer_a, ward_a, person_a
):
    factories.make_model(ward_a, kind_code="supervision")
    client = client_for(officer_a)
    for name in ("preventionmodel", "asset", "fault", "evaluation"):
        response = client.get(reverse(f"admin:models_registry_{name}_export", args=["csv"]))
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig")
        assert NAME not in text and "hẻm 4" not in text
        list(csv.reader(io.StringIO(text)))  # a well-formed file


def test_the_commander_adds_a_person_from_the_admin(commander_a, ward_a):
    client = client_for(commander_a)
    response = client.post(
        reverse("admin:models_registry_supervisedperson_add"),
        {
            "full_name": "Lê Thị Mới",
            "category": "at_risk",
            "starts_on": "2021-02-01",
            "birth_year": "1800",
        },
    )
    assert response.status_code == 200  # the form again, with the service's refusal
    assert "1900" in response.content.decode() or "năm sinh" in response.content.decode().lower()
    response = client.post(
        reverse("admin:models_registry_supervisedperson_add"),
        {"full_name": "Lê Thị Mới", "category": "at_risk", "starts_on": "2021-02-01"},
    )
    assert response.status_code == 302
    from models_registry.models import SupervisedPerson

    with scopes_disabled():
        assert SupervisedPerson.objects.get(full_name="Lê Thị Mới").ward == ward_a
