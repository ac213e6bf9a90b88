"""The daily membership sync: dates that simply arrive change people's access."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from tests import factories
from wards import tasks
from wards.choices import Role

pytestmark = pytest.mark.django_db


def test_an_end_date_that_arrives_removes_groups_and_admin_access(ward_a):
    user = factories.make_officer(ward_a, username="leaving")
    with scopes_disabled():
        membership = user.memberships.get()
    # Planned yesterday to end today: saved without going through the services.
    type(membership).objects.with_scopes_disabled().filter(pk=membership.pk).update(
        ends_on=timezone.localdate()
    )
    user.refresh_from_db()
    assert user.is_staff and user.groups.filter(name=Role.OFFICER).exists()
    assert tasks.sync_memberships() == 1
    user.refresh_from_db()
    assert not user.is_staff and not user.groups.exists()


def test_a_start_date_that_arrives_grants_them(ward_a):
    user = factories.make_officer(ward_a, username="joining")
    with scopes_disabled():
        membership = user.memberships.get()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    type(membership).objects.with_scopes_disabled().filter(pk=membership.pk).update(
        starts_on=tomorrow
    )
    user.groups.clear()
    assert tasks.sync_memberships() == 0  # not yet
    type(membership).objects.with_scopes_disabled().filter(pk=membership.pk).update(
        starts_on=timezone.localdate()
    )
    assert tasks.sync_memberships() == 1
    assert user.groups.filter(name=Role.OFFICER).exists()
