"""Only a superuser widens a membership in time: a commander may end one, not re-open it.

Reproduced before the fix: a superuser ended an officer's membership; the officer's commander
cleared the end date in the admin and the officer's access came back.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from wards import services
from wards.choices import Role
from wards.models import Membership
from wardsec.scoping import ward_ids_for_user

pytestmark = pytest.mark.django_db

ONE_DAY = datetime.timedelta(days=1)


def membership_of(user) -> Membership:
    with scopes_disabled():
        return Membership.objects.get(user=user)


@pytest.fixture
def ended_by_superuser(officer_a, superuser) -> Membership:
    """Officer A's membership, ended yesterday by a superuser."""
    with scopes_disabled():
        return services.end_membership(
            membership=membership_of(officer_a),
            actor=superuser,
            ends_on=timezone.localdate() - ONE_DAY,
        )


def post_dates(client, membership: Membership, *, starts_on, ends_on):
    return client.post(
        reverse("admin:wards_membership_change", args=[membership.pk]),
        {
            "is_duty_officer": "on",
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat() if ends_on else "",
        },
    )


def test_the_ended_officer_has_no_access(officer_a, ended_by_superuser):
    assert ward_ids_for_user(officer_a) == []


@pytest.mark.parametrize("new_end", [None, "later"])
def test_commander_cannot_reopen_or_extend_a_membership_in_the_admin(
    commander_a_client, officer_a, ended_by_superuser, new_end
):
    ends_on = None if new_end is None else timezone.localdate() + 30 * ONE_DAY
    response = post_dates(
        commander_a_client,
        ended_by_superuser,
        starts_on=ended_by_superuser.starts_on,
        ends_on=ends_on,
    )
    assert response.status_code == 200  # the form again, with the reason
    errors = response.context["adminform"].form.errors
    assert "Chỉ quản trị hệ thống" in str(errors["ends_on"])
    assert membership_of(officer_a).ends_on == ended_by_superuser.ends_on
    officer_a.refresh_from_db()
    assert ward_ids_for_user(officer_a) == []
    assert officer_a.groups.count() == 0


def test_commander_cannot_start_a_membership_earlier(commander_a, officer_a):
    membership = membership_of(officer_a)
    membership.starts_on = membership.starts_on - 10 * ONE_DAY
    with pytest.raises(ValidationError) as caught, scopes_disabled():
        services.change_membership(membership=membership, actor=commander_a, before={})
    assert "starts_on" in caught.value.message_dict


def test_commander_cannot_reopen_through_the_service_either(commander_a, ended_by_superuser):
    ended_by_superuser.ends_on = None
    with pytest.raises(ValidationError), scopes_disabled():
        services.change_membership(membership=ended_by_superuser, actor=commander_a, before={})


def test_commander_may_still_end_or_shorten(commander_a_client, officer_a):
    membership = membership_of(officer_a)
    soon = timezone.localdate() + 10 * ONE_DAY
    response = post_dates(
        commander_a_client, membership, starts_on=membership.starts_on, ends_on=soon
    )
    assert response.status_code == 302
    sooner = soon - 5 * ONE_DAY
    response = post_dates(
        commander_a_client, membership, starts_on=membership.starts_on, ends_on=sooner
    )
    assert response.status_code == 302
    assert membership_of(officer_a).ends_on == sooner


def test_superuser_may_reopen(superuser_client, officer_a, ended_by_superuser):
    response = superuser_client.post(
        reverse("admin:wards_membership_change", args=[ended_by_superuser.pk]),
        {
            "user": officer_a.pk,
            "role": Role.OFFICER,
            "ward": ended_by_superuser.ward_id,
            "is_duty_officer": "on",
            "starts_on": ended_by_superuser.starts_on.isoformat(),
            "ends_on": "",
        },
    )
    assert response.status_code == 302
    assert membership_of(officer_a).ends_on is None
    assert ward_ids_for_user(officer_a) == [ended_by_superuser.ward_id]


def test_ending_an_ended_membership_keeps_its_earlier_end(commander_a, ended_by_superuser):
    with scopes_disabled():
        services.end_membership(membership=ended_by_superuser, actor=commander_a)
    assert membership_of(ended_by_superuser.user).ends_on == ended_by_superuser.ends_on
