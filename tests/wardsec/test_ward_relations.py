"""A record's related rows stay in its ward (wardsec.validators.check_same_ward, check_works_in,
check_ward_relations), and a change form refuses, on the field, what the admin's
`check_change` (the service's rules) refuses — on the throwaway `Widget`, whose neighbourhood is a
ward's row and whose owner is a person."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django_scopes import scopes_disabled

from tests import factories
from tests.scopedapp.models import Widget
from tests.wardsec.conftest import make_widget
from wardsec import validators
from wardsec.admin import WardScopedAdmin
from wardsec.scoping import ALL_WARDS

pytestmark = pytest.mark.django_db


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_rows_of_the_ward_pass_and_another_wards_are_refused(ward_a, ward_b):
    own = factories.make_neighbourhood(ward_a)
    other = factories.make_neighbourhood(ward_b)
    validators.check_same_ward("neighbourhood", ward_a, own)
    validators.check_same_ward("neighbourhoods", ward_a, [own])
    validators.check_same_ward("neighbourhoods", ward_a, [])
    validators.check_same_ward("neighbourhood", ward_a, None)
    assert refusal(lambda: validators.check_same_ward("neighbourhood", ward_a, other)) == {
        "neighbourhood": [str(validators.OTHER_WARD_MESSAGE)]
    }
    message = "Khu phố/ấp phải thuộc phường/xã của bản ghi."
    assert refusal(
        lambda: validators.check_same_ward("neighbourhoods", ward_a, [own, other], message)
    ) == {"neighbourhoods": [message]}


def test_people_must_work_in_the_ward_or_the_ward_it_went_into(ward_a, ward_b, predecessor):
    officer_a = factories.make_officer(ward_a)
    officer_b = factories.make_officer(ward_b)
    validators.check_works_in("officer", ward_a, officer_a)
    validators.check_works_in("officer", predecessor, officer_a)  # merged into ward A
    validators.check_works_in("officer", ward_a, None)
    assert refusal(lambda: validators.check_works_in("officer", ward_a, officer_b)) == {
        "officer": [str(validators.NOT_STAFF_MESSAGE)]
    }


def test_every_relation_of_a_record_is_found_and_checked_at_once(ward_a, ward_b):
    own_area, other_area = (
        factories.make_neighbourhood(ward_a),
        factories.make_neighbourhood(ward_b),
    )
    own_officer, other_officer = factories.make_officer(ward_a), factories.make_officer(ward_b)
    validators.check_ward_relations(
        Widget, ward_a, {"neighbourhood": own_area, "owner": own_officer, "name": "Đèn"}
    )
    validators.check_ward_relations(Widget, ward_a, {"neighbourhood": None, "owner": None})
    refused = refusal(
        lambda: validators.check_ward_relations(
            Widget,
            ward_a,
            {"neighbourhood": other_area, "owner": other_officer},
            {"owner": "Người phụ trách phải công tác tại phường này."},
        )
    )
    assert refused == {
        "neighbourhood": [str(validators.OTHER_WARD_MESSAGE)],
        "owner": ["Người phụ trách phải công tác tại phường này."],
    }


class CheckedWidgetAdmin(WardScopedAdmin):
    """A change form whose service refuses another ward's rows."""

    fields = ["name", "neighbourhood", "owner"]

    def check_change(self, request, obj, values):
        validators.check_ward_relations(Widget, obj.ward, values)


def change_form(model_admin, widget, data, user):
    request = RequestFactory().post("/", data)
    request.user, request.ward_ids = user, ALL_WARDS
    with scopes_disabled():
        form_class = model_admin.get_form(request, widget, change=True)
        form = form_class(data, instance=widget)
        form.is_valid()
    return form


def test_the_change_form_shows_the_services_refusal_on_the_field(superuser, ward_a, ward_b):
    own_area, other_area = (
        factories.make_neighbourhood(ward_a),
        factories.make_neighbourhood(ward_b),
    )
    widget = make_widget(ward_a, name="Đèn", neighbourhood=own_area)
    model_admin = CheckedWidgetAdmin(Widget, admin.site)
    moved = change_form(
        model_admin, widget, {"name": "Đèn", "neighbourhood": other_area.pk}, superuser
    )
    assert moved.errors == {"neighbourhood": [str(validators.OTHER_WARD_MESSAGE)]}
    renamed = change_form(
        model_admin, widget, {"name": "Đèn mới", "neighbourhood": own_area.pk}, superuser
    )
    assert renamed.is_valid()  # an unchanged neighbourhood is not checked again
