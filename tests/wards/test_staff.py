"""'Who works in this ward' is answered once (`Membership.objects.staff()` and `works_in`), and
every place that asks — assignment and the officer in charge (tips services), the admin's and
the API's people choices, the duty officers' e-mails — gets the same people."""

from __future__ import annotations

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django_scopes import scopes_disabled

from tests import factories
from tips import notifications
from wards import services as wards_services
from wards.choices import Role
from wards.models import Membership
from wardsec import admin as wardsec_admin
from wardsec.api.fields import StaffField
from wardsec.scoping import ward_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(ward_a, ward_b, province, officer_a, commander_a, officer_b, province_leader):
    """Ward A's staff (officer, commander), and who is not: the officer of ward B, the leader of
    the province, an officer who left, one who starts next week and one whose account is off."""
    left = factories.make_officer(ward_a, username="left")
    with scopes_disabled():
        wards_services.end_membership(
            membership=Membership.objects.get(user=left), actor=None, ends_on=timezone.localdate()
        )
    with scopes_disabled():
        wards_services.grant_membership(
            user=factories.make_user("later"),
            role=Role.OFFICER,
            ward=ward_a,
            province=None,
            actor=None,
            starts_on=timezone.localdate() + datetime.timedelta(days=7),
        )
    disabled = factories.make_officer(ward_a, username="disabled")
    disabled.is_active = False
    disabled.save()
    return {"officer_a", "commander_a"}


def usernames(users) -> set[str]:
    return set(users.values_list("username", flat=True))


def test_staff_of_a_ward(people, ward_a):
    with scopes_disabled():
        staff = Membership.objects.staff([ward_a.pk]).people()
        assert usernames(staff) == people
        assert usernames(Membership.objects.staff().people()) == people | {"officer_b"}


def test_every_place_that_asks_gets_the_same_people(people, ward_a, officer_a):
    request = RequestFactory().get("/")
    request.user, request.ward_ids = officer_a, [ward_a.pk]  # as the scope middleware sets
    with ward_scope(ward_a):
        assert usernames(wardsec_admin.scoped_staff(request)) == people
        assert usernames(StaffField().get_queryset()) == people
    with scopes_disabled():
        emails = notifications.duty_officer_emails(ward_a.pk)
    assert emails == sorted(f"{name}@example.vn" for name in people)


def test_works_in_follows_the_merger(ward_a, officer_a, officer_b):
    predecessor = factories.make_ward(
        province=ward_a.province,
        merged_into=ward_a,
        merged_on=datetime.date(2025, 7, 1),
        is_active=False,
    )
    with scopes_disabled():
        assert Membership.objects.works_in(officer_a, ward_a)
        assert Membership.objects.works_in(officer_a, predecessor)  # inherited its open work
        assert not Membership.objects.works_in(officer_b, ward_a)
        assert not Membership.objects.works_in(officer_a, factories.make_ward())
