"""People are shown in Vietnamese order: "Nguyễn Văn An", not Django's "An Nguyễn Văn"."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.urls import reverse

from tests.tips import factories
from tips import admin_forms
from wardsec import names

pytestmark = pytest.mark.django_db


@pytest.fixture
def an(officer_a):
    officer_a.last_name, officer_a.first_name = "Nguyễn Văn", "An"
    officer_a.save()
    return officer_a


def test_full_name_is_family_name_first(an):
    assert an.get_full_name() == "An Nguyễn Văn"  # Django's order, which we never show
    assert names.full_name(an) == "Nguyễn Văn An"
    assert names.person_label(an) == f"Nguyễn Văn An ({an.username})"


def test_without_a_name_the_username_is_shown():
    user = get_user_model()(username="canbo2")
    assert names.full_name(user) == ""
    assert names.display_name(user) == names.person_label(user) == "canbo2"


def test_split_full_name():
    assert names.split_full_name("Nguyễn Văn An") == ("Nguyễn Văn", "An")
    assert names.split_full_name("  Lê   Minh  Châu ") == ("Lê Minh", "Châu")
    assert names.split_full_name("An") == ("", "An")


def test_the_template_filter(an):
    rendered = Template("{% load people %}{{ user|person_name }}").render(Context({"user": an}))
    assert rendered == "Nguyễn Văn An"


def test_assignee_choices_show_vietnamese_order(an):
    assert admin_forms.StaffChoiceField(queryset=None).label_from_instance(an) == (
        f"Nguyễn Văn An ({an.username})"
    )


def test_the_membership_list_shows_names_in_vietnamese_order(superuser_client, an):
    response = superuser_client.get(reverse("admin:wards_membership_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nguyễn Văn An" in content
    assert "An Nguyễn Văn" not in content


def test_the_tip_page_shows_a_message_author_in_vietnamese_order(officer_a_client, an, ward_a):
    factories.ensure_catalogue()
    tip = factories.make_tip(ward_a)
    from tips import services

    services.add_internal_note(tip=tip, actor=an, body="Đã xác minh.")
    response = officer_a_client.get(reverse("admin:tips_tip_change", args=[tip.pk]))
    assert response.status_code == 200
    assert "Nguyễn Văn An" in response.content.decode()


def test_the_tip_list_shows_the_assignee_by_name_and_filters_by_name(officer_a_client, an, ward_a):
    from tips import services

    factories.ensure_catalogue()
    tip = factories.make_tip(ward_a)
    services.assign_tip(tip=tip, assignee=an, actor=an)
    response = officer_a_client.get(reverse("admin:tips_tip_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nguyễn Văn An" in content and "An Nguyễn Văn" not in content
    spec = next(
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "field_path", None) == "assignee"
    )
    assert [label for _pk, label in spec.lookup_choices] == [f"Nguyễn Văn An ({an.username})"]
