"""Who works where: memberships through the services keep the person's groups, staff flag and
scope in step, and are audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from tests import factories
from tests.wardsec.conftest import audit_entries
from wards import services
from wards.choices import Role
from wards.models import Membership
from wardsec.scoping import ward_ids_for_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
ONE_DAY = datetime.timedelta(days=1)


def groups(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_grant_gives_the_group_staff_flag_and_scope(ward_a, commander_a):
    user = factories.make_user("recruit")
    membership = services.grant_membership(
        user=user, role=Role.OFFICER, ward=ward_a, actor=commander_a
    )
    user.refresh_from_db()
    assert groups(user) == {Role.OFFICER}
    assert user.is_staff is True
    assert ward_ids_for_user(user) == [ward_a.pk]
    [entry] = audit_entries(membership, event="membership.grant")
    assert entry.actor == commander_a
    assert entry.actor_role == Role.COMMANDER
    assert entry.ward == ward_a
    assert entry.changes["user"] == [None, user.pk]


def test_a_grant_by_the_system_is_audited_as_such(ward_a):
    user = factories.make_user("recruit")
    membership = services.grant_membership(user=user, role=Role.OFFICER, ward=ward_a, actor=None)
    [entry] = audit_entries(membership)
    assert entry.actor is None
    assert entry.actor_label == "Hệ thống"


@pytest.mark.parametrize(
    ("role", "where"),
    [
        (Role.OFFICER, "province"),
        (Role.COMMANDER, "nothing"),
        (Role.LEADER, "ward"),
        (Role.LEADER, "both"),
    ],
)
def test_a_role_belongs_to_its_kind_of_unit(ward_a, province, role, where):
    user = factories.make_user("recruit")
    units = {
        "province": {"province": province},
        "ward": {"ward": ward_a},
        "both": {"ward": ward_a, "province": province},
        "nothing": {},
    }[where]
    with pytest.raises(ValidationError):
        services.grant_membership(user=user, role=role, actor=None, **units)
    assert groups(user) == set()
    with scopes_disabled():
        assert not Membership.objects.filter(user=user).exists()


def test_one_role_at_a_time_but_several_wards_allowed(officer_a, ward_a, ward_b):
    with pytest.raises(ValidationError):
        services.grant_membership(user=officer_a, role=Role.COMMANDER, ward=ward_b, actor=None)
    services.grant_membership(user=officer_a, role=Role.OFFICER, ward=ward_b, actor=None)
    assert ward_ids_for_user(officer_a) == sorted([ward_a.pk, ward_b.pk])
    assert groups(officer_a) == {Role.OFFICER}


def test_ending_a_membership_today_withdraws_access_today(officer_a, commander_a):
    with scopes_disabled():
        membership = Membership.objects.get(user=officer_a)
    services.end_membership(membership=membership, actor=commander_a)
    officer_a.refresh_from_db()
    assert membership.ends_on == TODAY()
    assert groups(officer_a) == set()
    assert officer_a.is_staff is False
    assert ward_ids_for_user(officer_a) == []
    [entry] = audit_entries(membership, event="membership.change")
    assert entry.changes == {"ends_on": [None, TODAY().isoformat()]}


def test_a_membership_ending_later_is_in_force_until_then(officer_a, ward_a):
    with scopes_disabled():
        membership = Membership.objects.get(user=officer_a)
    services.end_membership(membership=membership, actor=None, ends_on=TODAY() + ONE_DAY)
    assert groups(officer_a) == {Role.OFFICER}
    assert ward_ids_for_user(officer_a) == [ward_a.pk]
    with scopes_disabled():
        assert Membership.objects.current().filter(pk=membership.pk).exists()
        assert not Membership.objects.current(TODAY() + ONE_DAY).filter(pk=membership.pk).exists()


def test_a_membership_starting_later_gives_nothing_yet(ward_a):
    user = factories.make_user("future")
    services.grant_membership(
        user=user, role=Role.OFFICER, ward=ward_a, actor=None, starts_on=TODAY() + ONE_DAY
    )
    assert groups(user) == set()
    assert ward_ids_for_user(user) == []


def test_an_end_before_the_start_is_refused(officer_a):
    with scopes_disabled():
        membership = Membership.objects.get(user=officer_a)
    with pytest.raises(ValidationError):
        services.end_membership(
            membership=membership, actor=None, ends_on=membership.starts_on - ONE_DAY
        )
    with scopes_disabled():
        assert Membership.objects.get(user=officer_a).ends_on is None


def test_changing_the_role_moves_the_group(officer_a):
    with scopes_disabled():
        membership = Membership.objects.get(user=officer_a)
    before = {"role": membership.role}
    membership.role = Role.COMMANDER
    services.change_membership(membership=membership, actor=None, before=before)
    assert groups(officer_a) == {Role.COMMANDER}


def test_a_superuser_keeps_the_staff_flag_without_memberships(superuser, ward_a):
    membership = services.grant_membership(
        user=superuser, role=Role.OFFICER, ward=ward_a, actor=None
    )
    services.end_membership(membership=membership, actor=None)
    superuser.refresh_from_db()
    assert superuser.is_staff is True
    assert groups(superuser) == set()


def test_sync_user_groups_leaves_other_groups_alone(officer_a):
    from django.contrib.auth.models import Group

    extra = Group.objects.create(name="trainers")
    officer_a.groups.add(extra)
    services.sync_user_groups(officer_a)
    assert groups(officer_a) == {Role.OFFICER, "trainers"}
