"""Correcting a record keeps it in its ward: a user who works in wards A and B cannot tie ward
A's session, broadcast, gift distribution or charity house to ward B's neighbourhoods or to an
officer of ward B when changing it (admin change form, the service behind it; the API has no
update), as they cannot when adding it. A refusal shows its Vietnamese message on the field,
writes nothing and logs nothing; the same change within the ward is saved and logged."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from campaigns import services
from campaigns.models import Broadcast, CharityHouse, GiftDistribution, OutreachSession
from tests import factories as base_factories
from tests.campaigns import factories
from tests.platform.personas import client_for
from wards import services as wards_services
from wards.choices import Role
from wardsec.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

AREA = "Khu phố/ấp phải thuộc phường/xã của bản ghi."
OFFICER = "Cán bộ phụ trách phải là người đang công tác tại phường/xã này."


@pytest.fixture
def two_wards_officer(ward_a, ward_b):
    """An officer of ward A who also works in ward B: both wards' rows are in their scope."""
    user = base_factories.make_officer(ward_a, username="two_wards")
    with scopes_disabled():
        wards_services.grant_membership(user=user, role=Role.OFFICER, ward=ward_b, actor=None)
    return user


@pytest.fixture
def areas(ward_a, ward_b) -> dict[str, Any]:
    return {
        "a": base_factories.make_neighbourhood(ward_a, name="Khu phố Một"),
        "a2": base_factories.make_neighbourhood(ward_a, name="Khu phố Hai"),
        "b": base_factories.make_neighbourhood(ward_b, name="Ấp Bình Đông"),
    }


def change_url(record) -> str:
    return reverse(f"admin:campaigns_{record._meta.model_name}_change", args=[record.pk])


def change_form_data(client, record) -> dict[str, Any]:
    """The change form as the page shows it (its fields' values and the inlines' management
    forms), ready to post back with some fields changed."""
    page = client.get(change_url(record))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def stored(record) -> dict[str, Any]:
    """What the database holds of the record's ward relations, and the log's size."""
    with scopes_disabled():
        row = type(record).objects.get(pk=record.pk)
        held = {"row": [getattr(row, f.attname) for f in row._meta.concrete_fields]}
        for field in row._meta.many_to_many:
            held[field.name] = sorted(getattr(row, field.name).values_list("pk", flat=True))
        held["log"] = AuditEntry.objects.count()
    return held


CASES = {
    "session's neighbourhoods": (
        lambda ward, officer, areas: factories.make_session(ward, neighbourhoods=[areas["a"]]),
        lambda areas, stranger: {"neighbourhoods": [areas["a"].pk, areas["b"].pk]},
        "neighbourhoods",
        AREA,
    ),
    "session's officer": (
        lambda ward, officer, areas: factories.make_session(ward, officer=officer),
        lambda areas, stranger: {"officer": stranger.pk},
        "officer",
        OFFICER,
    ),
    "broadcast's neighbourhoods": (
        lambda ward, officer, areas: factories.make_broadcast(ward, neighbourhoods=[areas["a"]]),
        lambda areas, stranger: {"neighbourhoods": [areas["b"].pk]},
        "neighbourhoods",
        AREA,
    ),
    "distribution's neighbourhoods": (
        lambda ward, officer, areas: factories.make_distribution(ward),
        lambda areas, stranger: {"neighbourhoods": [areas["b"].pk]},
        "neighbourhoods",
        AREA,
    ),
    "charity house's neighbourhood": (
        lambda ward, officer, areas: factories.make_house(ward, neighbourhood=areas["a"]),
        lambda areas, stranger: {"neighbourhood": areas["b"].pk},
        "neighbourhood",
        AREA,
    ),
}


@pytest.mark.parametrize(("make", "change", "field", "message"), CASES.values(), ids=list(CASES))
def test_a_two_wards_officer_cannot_tie_a_record_to_the_other_wards_rows(
    two_wards_officer, officer_a, officer_b, ward_a, areas, make, change, field, message
):
    record = make(ward_a, officer_a, areas)
    client = client_for(two_wards_officer)
    data = change_form_data(client, record)
    before = stored(record)
    response = client.post(change_url(record), data | change(areas, officer_b))
    assert response.status_code == 200  # the form again, with the refusal on its field
    assert message in response.context["adminform"].form.errors[field]
    assert stored(record) == before  # nothing written, nothing logged


def test_the_same_change_within_the_ward_is_saved_and_logged(
    two_wards_officer, officer_a, ward_a, areas
):
    other_officer = base_factories.make_officer(ward_a, username="officer_a2")
    record = factories.make_session(ward_a, neighbourhoods=[areas["a"]], officer=officer_a)
    client = client_for(two_wards_officer)
    data = change_form_data(client, record)
    changed = {"neighbourhoods": [areas["a"].pk, areas["a2"].pk], "officer": other_officer.pk}
    response = client.post(change_url(record), data | changed)
    assert response.status_code == 302, response.context["adminform"].form.errors
    with scopes_disabled():
        record.refresh_from_db()
        assert set(record.neighbourhoods.all()) == {areas["a"], areas["a2"]}
        entry = AuditEntry.objects.get(object_id=str(record.pk), event="outreach_session.corrected")
    assert record.officer == other_officer
    assert entry.action == AuditAction.UPDATE and entry.ward == ward_a
    assert entry.changes["officer"] == [officer_a.pk, other_officer.pk]
    assert entry.changes["neighbourhoods"] == [
        [areas["a"].pk],
        sorted([areas["a"].pk, areas["a2"].pk]),
    ]


def test_an_officer_of_the_ward_corrects_the_record_as_before(officer_a_client, ward_a, areas):
    record = factories.make_house(ward_a, neighbourhood=areas["a"])
    data = change_form_data(officer_a_client, record)
    response = officer_a_client.post(change_url(record), data | {"neighbourhood": areas["a2"].pk})
    assert response.status_code == 302
    with scopes_disabled():
        record.refresh_from_db()
        entry = AuditEntry.objects.get(object_id=str(record.pk), event="charity_house.corrected")
    assert record.neighbourhood == areas["a2"]
    assert entry.action == AuditAction.UPDATE
    assert entry.changes["neighbourhood"] == [areas["a"].pk, areas["a2"].pk]


def test_an_unchanged_relation_is_not_checked_again(two_wards_officer, ward_a, ward_b, areas):
    """Only what the form changes is checked: a correction of the note of a record does not
    stop on its neighbourhoods (it could not, were they wrong from an older import)."""
    record = factories.make_broadcast(ward_a, neighbourhoods=[areas["a"]])
    client = client_for(two_wards_officer)
    data = change_form_data(client, record)
    response = client.post(change_url(record), data | {"note": "Phát lại buổi tối"})
    assert response.status_code == 302
    with scopes_disabled():
        record.refresh_from_db()
    assert record.note == "Phát lại buổi tối"


# --- The service, whoever calls it ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "make", "values", "field"),
    [
        (
            OutreachSession,
            factories.make_session,
            lambda a, s: {"neighbourhoods": [a]},
            "neighbourhoods",
        ),
        (OutreachSession, factories.make_session, lambda a, s: {"officer": s}, "officer"),
        (
            Broadcast,
            factories.make_broadcast,
            lambda a, s: {"neighbourhoods": [a]},
            "neighbourhoods",
        ),
        (
            GiftDistribution,
            factories.make_distribution,
            lambda a, s: {"neighbourhoods": [a]},
            "neighbourhoods",
        ),
        (CharityHouse, factories.make_house, lambda a, s: {"neighbourhood": a}, "neighbourhood"),
    ],
)
def test_the_service_refuses_another_wards_rows_and_writes_nothing(
    ward_a, officer_b, officer_a, areas, model, make, values, field
):
    record = make(ward_a)
    before = stored(record)
    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.correct_record(record=record, actor=officer_a, **values(areas["b"], officer_b))
    assert field in refused.value.message_dict
    assert stored(record) == before


def test_the_service_does_not_move_a_record_to_another_ward(ward_a, ward_b, officer_a):
    record = factories.make_donation(ward_a)
    with scopes_disabled(), pytest.raises(TypeError):
        services.correct_record(record=record, actor=officer_a, ward=ward_b)


# --- The API: no update; its create refuses the other ward's rows --------------------------------


def test_the_api_updates_nothing_and_refuses_the_other_wards_rows_on_create(
    two_wards_officer, ward_a, areas
):
    record = factories.make_session(ward_a, neighbourhoods=[areas["a"]])
    client = client_for(two_wards_officer)
    before = stored(record)
    detail = reverse("outreachsession-detail", args=[record.pk])
    patch = {"neighbourhoods": [areas["b"].pk]}
    for method in (client.patch, client.put):
        assert method(detail, patch, content_type="application/json").status_code == 405
    body = {
        "ward": ward_a.code,
        "held_on": "2021-03-15",
        "format": "meeting",
        "topics": ["drugs"],
        "attendances": 5,
        "neighbourhoods": [areas["b"].pk],
    }
    response = client.post(reverse("outreachsession-list"), body, content_type="application/json")
    assert response.status_code == 400
    assert AREA in response.json()["neighbourhoods"]
    assert stored(record) == before
    with scopes_disabled():
        assert OutreachSession.objects.count() == 1
