"""Admin of provinces, wards, neighbourhoods and memberships: ward isolation in lists, filters,
search, autocomplete, export and object pages; memberships through the services."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests import factories
from tests.platform.admin import ScopedAdminTestCase
from tests.platform.queries import assert_list_baseline
from tests.wardsec.conftest import REFORM_DAY, audit_entries
from wards.choices import Role
from wards.models import Membership, Neighbourhood, Ward
from wardsec.models import AuditAction
from wardsec.scoping import ward_ids_for_user

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = reverse("admin:autocomplete")


def url(model: str, view: str, *args) -> str:
    return reverse(f"admin:wards_{model}_{view}", args=args)


def listed(response) -> set[int]:
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


def filter_choices(response, field_path: str) -> set[int]:
    """The values a list filter offers. (Django hides a filter with a single choice, so the
    tests give the user's scope at least two values.)"""
    for spec in response.context["cl"].filter_specs:
        if getattr(spec, "field_path", None) == field_path:
            return {value for value, _label in spec.lookup_choices}
    raise AssertionError(f"no list filter on {field_path}")


def membership_of(user) -> Membership:
    with scopes_disabled():
        return Membership.objects.get(user=user)


@pytest.fixture
def memberships(officer_a, officer_b, commander_a, ward_c) -> dict[str, Membership]:
    officer_c = factories.make_officer(ward_c, username="officer_c")
    return {
        "a": membership_of(officer_a),
        "commander_a": membership_of(commander_a),
        "b": membership_of(officer_b),
        "c": membership_of(officer_c),
    }


# --- The generic security tests, admin by admin (tests/platform/admin.py) ----------------------
READ = {"changelist", "view", "export"}


class TestWardAdmin(ScopedAdminTestCase):
    model = Ward
    matrix = {"officer": READ, "commander": READ, "leader": READ}
    changelist_queries = 13

    def make_row(self, ward):
        return ward

    def search_term(self, row):
        return row.code

    def make_listed_row(self, ward, n):
        return factories.make_ward(
            province=ward.province, merged_into=ward, merged_on=REFORM_DAY, is_active=False
        )


class TestNeighbourhoodAdmin(ScopedAdminTestCase):
    model = Neighbourhood
    matrix = {"officer": READ, "commander": {*READ, "add", "change"}, "leader": READ}
    changelist_queries = 11

    def make_row(self, ward):
        return factories.make_neighbourhood(ward, name=f"Khu phố {ward.code}")

    def search_term(self, row):
        return row.name

    def make_listed_row(self, ward, n):
        return factories.make_neighbourhood(ward)


class TestMembershipAdmin(ScopedAdminTestCase):
    model = Membership
    matrix = {"officer": READ, "commander": {*READ, "change"}, "leader": READ}
    changelist_queries = 11

    def make_row(self, ward):
        return membership_of(factories.make_officer(ward, username=f"officer_{ward.code}"))

    def search_term(self, row):
        return row.user.username

    def make_listed_row(self, ward, n):
        return membership_of(factories.make_officer(ward))


# --- Wards: what the generic checks do not know ------------------------------------------------
def test_ward_list_is_the_officers_ward_and_its_predecessor(
    officer_a_client, ward_a, ward_b, ward_c, predecessor, province, other_province
):
    response = officer_a_client.get(url("ward", "changelist"))
    assert listed(response) == {ward_a.pk, predecessor.pk}
    # The province filter names the provinces of those rows only.
    assert filter_choices(response, "province") == {province.pk, other_province.pk}
    assert "Phường B" not in response.content.decode()


def test_ward_list_filter_names_no_other_province(leader_client, ward_a, ward_b, ward_c):
    response = leader_client.get(url("ward", "changelist"))
    assert listed(response) == {ward_a.pk, ward_b.pk}
    assert "Tỉnh B" not in response.content.decode()
    assert "Phường C" not in response.content.decode()


def test_leader_reads_the_merged_predecessor_too(leader_client, ward_a, ward_b, predecessor):
    response = leader_client.get(url("ward", "changelist"))
    assert listed(response) == {ward_a.pk, ward_b.pk, predecessor.pk}


def test_province_admin_refuses_anonymous_and_unpermitted(citizen, no_perm_client, ward_a):
    response = citizen.get(url("province", "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert no_perm_client.get(url("province", "changelist")).status_code == 403


# --- Provinces ----------------------------------------------------------------------------------
def test_province_list_is_the_provinces_of_the_users_wards(
    officer_a_client, leader_client, province, other_province, ward_a, ward_c
):
    assert listed(officer_a_client.get(url("province", "changelist"))) == {province.pk}
    assert listed(leader_client.get(url("province", "changelist"))) == {province.pk}
    assert officer_a_client.get(url("province", "change", other_province.pk)).status_code == 404


def test_province_list_query_count_is_pinned(superuser_client):
    def add_rows(count: int) -> None:
        for _ in range(count):
            factories.make_province()

    assert_list_baseline(
        lambda: superuser_client.get(url("province", "changelist")),
        add_rows,
        expected=5,
        shown=lambda response: len(listed(response)),
    )


# --- Neighbourhoods -------------------------------------------------------------------------------
def test_neighbourhood_list_filters_and_search_stay_in_the_ward(
    officer_a_client, neighbourhood_a, neighbourhood_b, neighbourhood_c, ward_a, predecessor
):
    old_quarter = factories.make_neighbourhood(predecessor, name="Khu phố Cũ")
    response = officer_a_client.get(url("neighbourhood", "changelist"))
    assert listed(response) == {neighbourhood_a.pk, old_quarter.pk}
    assert filter_choices(response, "ward") == {ward_a.pk, predecessor.pk}
    page = response.content.decode()
    assert "Khu phố Bravo" not in page
    assert "Phường B" not in page
    query = {"q": "Bravo"}
    assert listed(officer_a_client.get(url("neighbourhood", "changelist"), query)) == set()
    query = {"ward__id__exact": neighbourhood_b.ward_id}
    assert listed(officer_a_client.get(url("neighbourhood", "changelist"), query)) == set()


def test_commander_adds_a_neighbourhood_to_their_ward(
    commander_a_client, commander_a, ward_a, ward_b, predecessor
):
    response = commander_a_client.post(
        url("neighbourhood", "add"), {"name": "Ấp Mới", "kind": "hamlet", "ward": ward_b.pk}
    )
    assert response.status_code == 302
    with scopes_disabled():
        hamlet = Neighbourhood.objects.get(name="Ấp Mới")
    assert hamlet.ward == ward_a  # the ward is the commander's, whatever the form says
    [entry] = audit_entries(hamlet, action=AuditAction.CREATE)
    assert entry.actor == commander_a
    assert entry.actor_role == "commander"
    assert entry.ward == ward_a
    assert entry.request_id == response["X-Request-ID"]


# --- Memberships --------------------------------------------------------------------------------
def test_membership_list_filter_and_search_stay_in_the_ward(
    commander_a_client, memberships, ward_a, predecessor
):
    veteran = membership_of(factories.make_officer(predecessor, username="veteran"))
    response = commander_a_client.get(url("membership", "changelist"))
    assert listed(response) == {memberships["a"].pk, memberships["commander_a"].pk, veteran.pk}
    assert filter_choices(response, "ward") == {ward_a.pk, predecessor.pk}
    assert "officer_b" not in response.content.decode()
    query = {"q": "officer_b"}
    assert listed(commander_a_client.get(url("membership", "changelist"), query)) == set()


def test_membership_ward_autocomplete_offers_only_wards_in_scope(
    commander_a_client, ward_a, ward_b, ward_c, predecessor
):
    response = commander_a_client.get(
        AUTOCOMPLETE,
        {"app_label": "wards", "model_name": "membership", "field_name": "ward", "term": "Phường"},
    )
    assert response.status_code == 200
    ids = {int(row["id"]) for row in response.json()["results"]}
    assert ids == {ward_a.pk, predecessor.pk}


def test_commander_cannot_raise_anyone_to_province_leader(
    commander_a_client, commander_a, memberships, province, ward_a, ward_b
):
    """A commander may edit their ward's memberships (dates, duty), not make a leader."""
    own = memberships["commander_a"]
    response = commander_a_client.post(
        url("membership", "change", own.pk),
        {
            "user": commander_a.pk,
            "role": Role.LEADER,
            "ward": "",
            "province": province.pk,
            "is_duty_officer": "on",
            "starts_on": own.starts_on.isoformat(),
            "ends_on": "",
        },
    )
    assert response.status_code in {200, 302, 403}
    assert membership_of(commander_a).role == Role.COMMANDER
    assert membership_of(commander_a).province is None
    assert ward_b.pk not in ward_ids_for_user(commander_a)
    assert set(commander_a.groups.values_list("name", flat=True)) == {Role.COMMANDER}


def test_commander_cannot_move_an_officer_to_another_ward(
    commander_a_client, officer_a, memberships, ward_b
):
    membership = memberships["a"]
    response = commander_a_client.post(
        url("membership", "change", membership.pk),
        {
            "user": officer_a.pk,
            "role": Role.OFFICER,
            "ward": ward_b.pk,
            "is_duty_officer": "on",
            "starts_on": membership.starts_on.isoformat(),
            "ends_on": "",
        },
    )
    assert response.status_code in {200, 302, 403}
    assert membership_of(officer_a).ward_id == membership.ward_id


def test_commander_ends_an_officers_membership(
    commander_a_client, commander_a, officer_a, memberships
):
    membership = memberships["a"]
    today = timezone.localdate()
    response = commander_a_client.post(
        url("membership", "change", membership.pk),
        {
            "user": officer_a.pk,
            "role": Role.OFFICER,
            "ward": membership.ward_id,
            "is_duty_officer": "on",
            "starts_on": membership.starts_on.isoformat(),
            "ends_on": today.isoformat(),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert membership_of(officer_a).ends_on == today
    officer_a.refresh_from_db()
    assert list(officer_a.groups.all()) == []
    assert officer_a.is_staff is False
    [entry] = audit_entries(membership, event="membership.change")
    assert entry.actor == commander_a
    assert entry.changes == {"ends_on": [None, today.isoformat()]}


def test_superuser_grants_a_membership_through_the_admin(superuser_client, superuser, ward_b):
    recruit = factories.make_user("recruit")
    response = superuser_client.post(
        url("membership", "add"),
        {
            "user": recruit.pk,
            "role": Role.COMMANDER,
            "ward": ward_b.pk,
            "is_duty_officer": "on",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    recruit.refresh_from_db()
    assert set(recruit.groups.values_list("name", flat=True)) == {Role.COMMANDER}
    assert recruit.is_staff is True
    assert ward_ids_for_user(recruit) == [ward_b.pk]
    [entry] = audit_entries(membership_of(recruit), event="membership.grant")
    assert entry.actor == superuser
    assert entry.ward == ward_b
    assert entry.request_id == response["X-Request-ID"]


def test_admin_refuses_a_second_role(superuser_client, officer_a, ward_b):
    response = superuser_client.post(
        url("membership", "add"),
        {
            "user": officer_a.pk,
            "role": Role.COMMANDER,
            "ward": ward_b.pk,
            "starts_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    with scopes_disabled():
        assert Membership.objects.filter(user=officer_a).count() == 1
