"""WardScopedAdmin on the throwaway `Widget`: the change list, its filters, search,
autocomplete, CSV export and object pages stay inside the user's wards; writes are audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.scopedapp.models import Widget
from tests.wardsec.conftest import audit_entries
from wardsec.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:scopedapp_widget_changelist")
ADD = reverse("admin:scopedapp_widget_add")
AUTOCOMPLETE = reverse("admin:autocomplete")


def change_url(widget) -> str:
    return reverse("admin:scopedapp_widget_change", args=[widget.pk])


def delete_url(widget) -> str:
    return reverse("admin:scopedapp_widget_delete", args=[widget.pk])


def history_url(widget) -> str:
    return reverse("admin:scopedapp_widget_history", args=[widget.pk])


def listed(response) -> set[int]:
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


def filter_choices(response, field_path: str) -> set[str]:
    """The values a list filter offers (as the strings the query string would carry)."""
    for spec in response.context["cl"].filter_specs:
        if getattr(spec, "field_path", None) == field_path:
            return {str(value) for value, _label in spec.lookup_choices}
    raise AssertionError(f"no list filter on {field_path}")


def exported_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def export(client, ids):
    return client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [str(i) for i in ids], "index": 0}
    )


# --- Who sees what ------------------------------------------------------------------------------
def test_officer_lists_own_ward_and_its_predecessor_only(officer_a_client, widgets):
    assert listed(officer_a_client.get(CHANGELIST)) == {widgets["a"].pk, widgets["p"].pk}


def test_leader_lists_the_province_and_its_predecessors(leader_client, widgets):
    assert listed(leader_client.get(CHANGELIST)) == {
        widgets["a"].pk,
        widgets["b"].pk,
        widgets["p"].pk,
    }


def test_superuser_lists_everything(superuser_client, widgets):
    assert listed(superuser_client.get(CHANGELIST)) == {w.pk for w in widgets.values()}


def test_anonymous_is_sent_to_the_login_page(citizen, widget_a):
    for url in (CHANGELIST, change_url(widget_a), ADD, AUTOCOMPLETE):
        response = citizen.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_user_without_permission_is_forbidden(no_perm_client, widget_a):
    assert no_perm_client.get(CHANGELIST).status_code == 403
    assert no_perm_client.get(change_url(widget_a)).status_code == 403
    assert no_perm_client.get(ADD).status_code == 403


# --- Filters, search, autocomplete ----------------------------------------------------------------
def test_list_filters_name_nothing_of_other_wards(officer_a_client, widgets, officer_a, officer_b):
    response = officer_a_client.get(CHANGELIST)
    wards = filter_choices(response, "ward")
    assert str(widgets["a"].ward_id) in wards
    assert str(widgets["b"].ward_id) not in wards
    assert str(widgets["c"].ward_id) not in wards
    neighbourhoods = filter_choices(response, "neighbourhood")
    assert neighbourhoods == {str(widgets["a"].neighbourhood_id)}
    assert filter_choices(response, "owner") == {str(officer_a.pk)}
    page = response.content.decode()
    for foreign in ("Phường B", "Phường C", "Khu phố Bravo", "Khu phố Charlie", "officer_b"):
        assert foreign not in page


def test_filtering_on_another_ward_shows_nothing(officer_a_client, widgets):
    response = officer_a_client.get(CHANGELIST, {"ward__id__exact": widgets["b"].ward_id})
    assert "Bravo widget" not in response.content.decode()
    assert listed(response) == set()


def test_search_does_not_reach_other_wards(officer_a_client, widgets):
    assert listed(officer_a_client.get(CHANGELIST, {"q": "Bravo"})) == set()
    assert listed(officer_a_client.get(CHANGELIST, {"q": "Charlie"})) == set()
    assert listed(officer_a_client.get(CHANGELIST, {"q": "Alpha"})) == {widgets["a"].pk}


def test_autocomplete_offers_only_own_neighbourhoods(
    officer_a_client, neighbourhood_a, neighbourhood_b, neighbourhood_c
):
    response = officer_a_client.get(
        AUTOCOMPLETE,
        {
            "app_label": "scopedapp",
            "model_name": "widget",
            "field_name": "neighbourhood",
            "term": "Khu phố",
        },
    )
    assert response.status_code == 200
    ids = {int(row["id"]) for row in response.json()["results"]}
    assert ids == {neighbourhood_a.pk}


def test_autocomplete_for_leader_covers_the_province(
    leader_client, neighbourhood_a, neighbourhood_b, neighbourhood_c
):
    response = leader_client.get(
        AUTOCOMPLETE,
        {"app_label": "scopedapp", "model_name": "widget", "field_name": "neighbourhood"},
    )
    ids = {int(row["id"]) for row in response.json()["results"]}
    assert ids == {neighbourhood_a.pk, neighbourhood_b.pk}


# --- Export -------------------------------------------------------------------------------------
def test_export_of_other_wards_ids_exports_nothing_of_theirs(officer_a_client, widgets):
    rows = exported_rows(export(officer_a_client, [widgets["b"].pk, widgets["c"].pk]))
    assert len(rows) == 1  # the header only
    rows = exported_rows(export(officer_a_client, [w.pk for w in widgets.values()]))
    names = {row[-1] for row in rows[1:]}
    assert names == {"Alpha widget", "Papa widget"}
    text = "\n".join(",".join(row) for row in rows)
    assert "Bravo" not in text
    assert "Charlie" not in text


def test_export_is_audited(officer_a_client, officer_a, ward_a, widgets):
    response = export(officer_a_client, [widgets["a"].pk])
    assert response.status_code == 200
    with scopes_disabled():
        entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == officer_a
    assert entry.ward == ward_a
    assert entry.note == "scopedapp.Widget: 1"
    assert entry.request_id == response["X-Request-ID"]


def test_leader_may_export_the_province(leader_client, widgets):
    rows = exported_rows(export(leader_client, [w.pk for w in widgets.values()]))
    assert {row[-1] for row in rows[1:]} == {"Alpha widget", "Bravo widget", "Papa widget"}


# --- Object pages -------------------------------------------------------------------------------
def test_other_wards_object_pages_are_not_found(officer_a_client, widgets):
    for key in ("b", "c"):
        widget = widgets[key]
        assert officer_a_client.get(change_url(widget)).status_code == 404
        assert officer_a_client.get(delete_url(widget)).status_code == 404
        assert officer_a_client.get(history_url(widget)).status_code == 404
        response = officer_a_client.post(change_url(widget), {"name": "Hijacked"})
        assert response.status_code == 404
        response = officer_a_client.post(delete_url(widget), {"post": "yes"})
        assert response.status_code == 404
    with scopes_disabled():
        assert Widget.objects.get(pk=widgets["b"].pk).name == "Bravo widget"
        assert Widget.objects.filter(pk=widgets["c"].pk).exists()


def test_leader_reads_but_does_not_write(leader_client, widgets):
    assert leader_client.get(ADD).status_code == 403
    response = leader_client.get(change_url(widgets["b"]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in response.content.decode()
    response = leader_client.post(change_url(widgets["b"]), {"name": "Edited by leader"})
    assert response.status_code == 403
    assert leader_client.get(delete_url(widgets["b"])).status_code == 403
    assert leader_client.get(change_url(widgets["c"])).status_code == 404
    with scopes_disabled():
        assert Widget.objects.get(pk=widgets["b"].pk).name == "Bravo widget"


# --- Writing through the admin ----------------------------------------------------------------
def test_add_puts_the_row_in_the_officers_ward(officer_a_client, ward_a, ward_b, neighbourhood_a):
    response = officer_a_client.post(
        ADD, {"name": "Fresh", "neighbourhood": neighbourhood_a.pk, "ward": ward_b.pk}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    with scopes_disabled():
        assert Widget.objects.get(name="Fresh").ward == ward_a


def test_add_refuses_another_wards_choices(
    officer_a_client, neighbourhood_b, officer_b, neighbourhood_a
):
    response = officer_a_client.post(ADD, {"name": "Mixed", "neighbourhood": neighbourhood_b.pk})
    assert response.status_code == 200
    assert "neighbourhood" in response.context["adminform"].form.errors
    response = officer_a_client.post(ADD, {"name": "Mixed", "owner": officer_b.pk})
    assert "owner" in response.context["adminform"].form.errors
    with scopes_disabled():
        assert not Widget.objects.filter(name="Mixed").exists()


def test_admin_add_change_delete_are_audited(officer_a_client, officer_a, ward_a, neighbourhood_a):
    response = officer_a_client.post(ADD, {"name": "Logged", "neighbourhood": neighbourhood_a.pk})
    assert response.status_code == 302
    with scopes_disabled():
        widget = Widget.objects.get(name="Logged")
    [created] = audit_entries(widget, action=AuditAction.CREATE)
    assert created.actor == officer_a
    assert created.actor_role == "officer"
    assert created.ward == ward_a
    assert created.changes["name"] == [None, "Logged"]
    assert created.changes["ward"] == [None, ward_a.pk]
    assert created.request_id == response["X-Request-ID"]

    response = officer_a_client.post(
        change_url(widget), {"name": "Logged again", "neighbourhood": neighbourhood_a.pk}
    )
    assert response.status_code == 302
    [changed] = audit_entries(widget, action=AuditAction.UPDATE)
    assert changed.changes == {"name": ["Logged", "Logged again"]}
    assert changed.request_id == response["X-Request-ID"]

    response = officer_a_client.post(delete_url(widget), {"post": "yes"})
    assert response.status_code == 302
    [removed] = audit_entries(widget, action=AuditAction.DELETE)
    assert removed.changes["name"] == ["Logged again", None]
    assert removed.actor == officer_a
    assert removed.request_id == response["X-Request-ID"]
    assert len({created.request_id, changed.request_id, removed.request_id}) == 3


def test_bulk_delete_is_audited_and_scoped(officer_a_client, widgets):
    response = officer_a_client.post(
        CHANGELIST,
        {
            "action": "delete_selected",
            "_selected_action": [widgets["a"].pk, widgets["b"].pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        remaining = set(Widget.objects.values_list("name", flat=True))
    assert "Alpha widget" not in remaining
    assert "Bravo widget" in remaining
    assert len(audit_entries(widgets["a"], action=AuditAction.DELETE)) == 1
    assert audit_entries(widgets["b"], action=AuditAction.DELETE) == []
