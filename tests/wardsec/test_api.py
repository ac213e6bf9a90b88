"""The API base classes (WardScopedViewSet, WardModelPermissions) on the throwaway `Widget`."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.platform.api import ScopedAPITestCase, result_ids
from tests.scopedapp.models import Widget
from tests.wardsec.conftest import audit_entries, make_widget
from wardsec.models import AuditAction

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.scopedapp.urls")]

LIST = "/api/v1/test/widgets/"


def detail(widget) -> str:
    return reverse("widget-detail", args=[widget.pk])


@pytest.mark.urls("tests.scopedapp.urls")
class TestWidgetEndpoint(ScopedAPITestCase):
    basename = "widget"
    list_queries = 10
    matrix = {
        "officer": {"list", "retrieve", "create", "update", "delete"},
        "commander": {"list", "retrieve", "create", "update", "delete"},
        "leader": {"list", "retrieve"},
    }

    def make_row(self, ward):
        return make_widget(ward, name=f"Widget {ward.name}")

    def create_payload(self, ward):
        return {"name": "Created widget", "ward": ward.code}

    def make_listed_row(self, ward, n):
        return make_widget(ward, name=f"Widget {n}")


def test_list_url_is_the_documented_one():
    assert reverse("widget-list") == LIST


def test_officer_creates_in_their_own_ward(officer_a_client, ward_a, predecessor):
    # The predecessor ward is in scope too, but inactive: the new row goes to ward A.
    response = officer_a_client.post(LIST, {"name": "Nova"}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["ward"] == "WA"
    with scopes_disabled():
        assert Widget.objects.get(name="Nova").ward == ward_a


def test_officer_cannot_create_in_another_ward_by_naming_it(officer_a_client, ward_b, ward_c):
    for code in ("WB", "WC"):
        response = officer_a_client.post(
            LIST, {"name": "Smuggled", "ward": code}, content_type="application/json"
        )
        assert response.status_code == 400
        assert "ward" in response.json()
    with scopes_disabled():
        assert not Widget.objects.filter(name="Smuggled").exists()


def test_officer_cannot_attach_another_wards_neighbourhood(
    officer_a_client, neighbourhood_a, neighbourhood_b
):
    response = officer_a_client.post(
        LIST,
        {"name": "Mixed", "neighbourhood": neighbourhood_b.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "neighbourhood" in response.json()
    response = officer_a_client.post(
        LIST,
        {"name": "Mixed", "neighbourhood": neighbourhood_a.pk},
        content_type="application/json",
    )
    assert response.status_code == 201


def test_officer_cannot_move_a_row_to_another_ward(officer_a_client, widget_a, ward_b):
    response = officer_a_client.patch(
        detail(widget_a), {"ward": "WB", "name": "Moved"}, content_type="application/json"
    )
    assert response.status_code == 200
    with scopes_disabled():
        widget_a.refresh_from_db()
    assert widget_a.ward.code == "WA"


def test_officer_updates_and_deletes_own_rows(officer_a_client, widget_a):
    response = officer_a_client.patch(
        detail(widget_a), {"name": "Alpha renamed"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Alpha renamed"
    assert officer_a_client.delete(detail(widget_a)).status_code == 204
    with scopes_disabled():
        assert not Widget.objects.filter(pk=widget_a.pk).exists()


def test_predecessor_rows_belong_to_the_successor(
    officer_a_client, officer_b_client, leader_client, widget_p, widget_a
):
    assert widget_p.pk in result_ids(officer_a_client.get(LIST))
    assert widget_p.pk in result_ids(leader_client.get(LIST))
    assert widget_p.pk not in result_ids(officer_b_client.get(LIST))
    assert officer_b_client.get(detail(widget_p)).status_code == 404


def test_superuser_must_name_the_ward(superuser_client, ward_c):
    response = superuser_client.post(LIST, {"name": "Orphan"}, content_type="application/json")
    assert response.status_code == 400
    response = superuser_client.post(
        LIST, {"name": "Placed", "ward": "WC"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["ward"] == "WC"


def test_api_writes_are_audited_with_the_request_id(officer_a_client, officer_a, ward_a):
    response = officer_a_client.post(LIST, {"name": "Audited"}, content_type="application/json")
    assert response.status_code == 201
    widget_id = response.json()["id"]
    [entry] = audit_entries(Widget, object_id=str(widget_id), action=AuditAction.CREATE)
    assert entry.request_id == response["X-Request-ID"]
    assert entry.actor == officer_a
    assert entry.actor_role == "officer"
    assert entry.ward == ward_a
    assert entry.changes["name"] == [None, "Audited"]

    url = reverse("widget-detail", args=[widget_id])
    response = officer_a_client.patch(url, {"name": "Audited 2"}, content_type="application/json")
    [entry] = audit_entries(Widget, object_id=str(widget_id), action=AuditAction.UPDATE)
    assert entry.changes == {"name": ["Audited", "Audited 2"]}
    assert entry.request_id == response["X-Request-ID"]

    response = officer_a_client.delete(url)
    [entry] = audit_entries(Widget, object_id=str(widget_id), action=AuditAction.DELETE)
    assert entry.changes["name"] == ["Audited 2", None]
    assert entry.request_id == response["X-Request-ID"]
