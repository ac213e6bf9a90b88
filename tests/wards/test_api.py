"""API of provinces, wards, neighbourhoods and memberships: read inside the scope, written by
superusers only, memberships through the services (groups follow, audited)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests import factories
from tests.platform.api import ScopedAPITestCase, result_ids
from tests.platform.queries import assert_list_baseline
from tests.wardsec.conftest import audit_entries
from wards.choices import Role
from wards.models import Membership, Neighbourhood, Province, Ward
from wardsec.models import AuditAction

pytestmark = pytest.mark.django_db

JSON = "application/json"


def membership_of(user) -> Membership:
    with scopes_disabled():
        return Membership.objects.select_related("ward", "user").get(user=user)


def group_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


# --- The generic checks, endpoint by endpoint ---------------------------------------------------
READ_ONLY = {"list", "retrieve"}  # reference data: every role reads it, superusers write it
READERS = {"officer": READ_ONLY, "commander": READ_ONLY, "leader": READ_ONLY}


class TestWardEndpoint(ScopedAPITestCase):
    basename = "ward"
    lookup_field = "code"
    matrix = READERS
    list_queries = 5  # read by a superuser: no scope to look up

    def make_row(self, ward):
        return ward

    def create_payload(self, ward):
        return {"code": "WN", "name": "Phường Mới", "province": ward.province.code}

    def filter_params(self, row):
        return {"province": row.province.code}

    def list_client(self, request):
        return request.getfixturevalue("superuser_client")

    def make_listed_row(self, ward, n):
        merged_on = datetime.date(2025, 7, 1)
        return factories.make_ward(
            province=ward.province, merged_into=ward, merged_on=merged_on, is_active=False
        )


class TestNeighbourhoodEndpoint(ScopedAPITestCase):
    basename = "neighbourhood"
    matrix = READERS
    list_queries = 10

    def make_row(self, ward):
        return factories.make_neighbourhood(ward, name=f"Khu phố {ward.name}")

    def make_listed_row(self, ward, n):
        return factories.make_neighbourhood(ward)

    def create_payload(self, ward):
        return {"name": "Khu phố Mới", "ward": ward.code}


class TestMembershipEndpoint(ScopedAPITestCase):
    basename = "membership"
    matrix = READERS
    list_queries = 10

    def make_row(self, ward):
        return membership_of(factories.make_officer(ward, username=f"officer_{ward.code}"))

    def make_listed_row(self, ward, n):
        return membership_of(factories.make_officer(ward))

    def create_payload(self, ward):
        factories.make_user(f"recruit_{ward.code}")
        return {"user": f"recruit_{ward.code}", "role": "officer", "ward": ward.code}

    def update_payload(self, row):
        return {"is_duty_officer": False, "role": "commander"}

    def search_term(self, row):
        return row.user.username


# --- Provinces (not ward-owned: a user sees the provinces of their wards) ----------------------
PROVINCES = reverse("province-list")


def province_url(province) -> str:
    return reverse("province-detail", args=[province.code])


def test_provinces_are_those_of_the_users_wards(
    officer_a_client, leader_client, superuser_client, province, other_province, ward_a, ward_c
):
    assert result_ids(officer_a_client.get(PROVINCES)) == {province.pk}
    assert result_ids(leader_client.get(PROVINCES)) == {province.pk}
    assert result_ids(superuser_client.get(PROVINCES)) >= {province.pk, other_province.pk}
    assert officer_a_client.get(province_url(other_province)).status_code == 404
    assert officer_a_client.get(province_url(province)).status_code == 200


def test_a_predecessors_province_is_visible_to_the_successor(
    officer_a_client, predecessor, province, other_province
):
    assert result_ids(officer_a_client.get(PROVINCES)) == {province.pk, other_province.pk}


def test_only_superusers_write_provinces(
    officer_a_client, commander_a_client, leader_client, superuser_client, superuser, province
):
    payload = {"code": "99", "name": "Tỉnh Mới"}
    for client in (officer_a_client, commander_a_client, leader_client):
        assert client.post(PROVINCES, payload, content_type=JSON).status_code == 403
        response = client.patch(province_url(province), {"name": "X"}, content_type=JSON)
        assert response.status_code == 403
    response = superuser_client.post(PROVINCES, payload, content_type=JSON)
    assert response.status_code == 201
    created = Province.objects.get(code="99")
    [entry] = audit_entries(created, action=AuditAction.CREATE)
    assert entry.actor == superuser
    assert entry.actor_role == "superuser"
    assert entry.request_id == response["X-Request-ID"]

    response = superuser_client.patch(province_url(created), {"name": "Tỉnh Đổi Tên"}, JSON)
    assert response.status_code == 200
    [entry] = audit_entries(created, action=AuditAction.UPDATE)
    assert entry.changes == {"name": ["Tỉnh Mới", "Tỉnh Đổi Tên"]}


# --- Superuser writes -------------------------------------------------------------------------
def test_superuser_creates_and_renames_a_ward(superuser_client, superuser, province):
    response = superuser_client.post(
        reverse("ward-list"),
        {"code": "WN", "name": "Phường Mới", "province": province.code},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    with scopes_disabled():
        ward = Ward.objects.get(code="WN")
    assert ward.province == province
    [entry] = audit_entries(ward, action=AuditAction.CREATE)
    assert entry.actor == superuser
    assert entry.changes["name"] == [None, "Phường Mới"]

    url = reverse("ward-detail", args=["WN"])
    response = superuser_client.patch(url, {"hotline": "0272 113"}, content_type=JSON)
    assert response.status_code == 200
    [entry] = audit_entries(ward, action=AuditAction.UPDATE)
    assert entry.changes == {"hotline": ["", "0272 113"]}
    assert entry.request_id == response["X-Request-ID"]


def test_a_ward_with_records_cannot_be_deleted(superuser_client, ward_a, neighbourhood_a):
    response = superuser_client.delete(reverse("ward-detail", args=["WA"]))
    assert response.status_code == 409
    with scopes_disabled():
        assert Ward.objects.filter(pk=ward_a.pk).exists()
    assert audit_entries(ward_a, action=AuditAction.DELETE) == []  # rolled back with it


def test_superuser_creates_changes_and_deletes_a_neighbourhood(superuser_client, ward_a):
    url = reverse("neighbourhood-list")
    response = superuser_client.post(url, {"name": "Ấp Mới", "kind": "hamlet"}, content_type=JSON)
    assert response.status_code == 400  # which ward? the client must say
    response = superuser_client.post(
        url, {"name": "Ấp Mới", "kind": "hamlet", "ward": "WA"}, content_type=JSON
    )
    assert response.status_code == 201, response.content
    assert response.json()["ward"] == "WA"
    with scopes_disabled():
        hamlet = Neighbourhood.objects.get(name="Ấp Mới")
    assert hamlet.ward == ward_a
    detail = reverse("neighbourhood-detail", args=[hamlet.pk])
    assert superuser_client.patch(detail, {"is_active": False}, JSON).status_code == 200
    assert superuser_client.delete(detail).status_code == 204
    actions = {e.action for e in audit_entries(hamlet)}
    assert actions == {AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE}
    assert {e.ward_id for e in audit_entries(hamlet)} == {ward_a.pk}


def test_a_duplicate_neighbourhood_name_is_a_client_error(superuser_client, neighbourhood_a):
    response = superuser_client.post(
        reverse("neighbourhood-list"),
        {"name": neighbourhood_a.name, "ward": "WA"},
        content_type=JSON,
    )
    assert response.status_code == 400
    # One shape for every refusal: an object, the constraint over two fields under non_field_errors.
    assert response.json() == {"non_field_errors": ["Phường/xã này đã có khu phố/ấp cùng tên."]}


# --- Memberships go through the services ------------------------------------------------------
MEMBERSHIPS = reverse("membership-list")


def test_granting_a_membership_gives_the_role_and_is_audited(superuser_client, superuser, ward_a):
    recruit = factories.make_user("recruit")
    assert group_names(recruit) == set()
    assert recruit.is_staff is False
    response = superuser_client.post(
        MEMBERSHIPS, {"user": "recruit", "role": "officer", "ward": "WA"}, content_type=JSON
    )
    assert response.status_code == 201, response.content
    assert response.json()["ward"] == "WA"
    recruit.refresh_from_db()
    assert group_names(recruit) == {Role.OFFICER}
    assert recruit.is_staff is True
    membership = membership_of(recruit)
    [entry] = audit_entries(membership, event="membership.grant")
    assert entry.actor == superuser
    assert entry.actor_role == "superuser"
    assert entry.ward == ward_a
    assert entry.changes["role"] == [None, "officer"]
    assert entry.request_id == response["X-Request-ID"]


def test_granting_a_province_leadership(superuser_client, province, ward_a, ward_b):
    factories.make_user("boss")
    response = superuser_client.post(
        MEMBERSHIPS, {"user": "boss", "role": "leader", "province": province.code}, JSON
    )
    assert response.status_code == 201, response.content
    boss = membership_of_username("boss")
    assert group_names(boss.user) == {Role.LEADER}
    assert boss.province == province


def membership_of_username(username: str) -> Membership:
    with scopes_disabled():
        return Membership.objects.select_related("user", "province").get(user__username=username)


@pytest.mark.parametrize(
    "payload",
    [
        {"role": "officer"},  # no ward
        {"role": "leader", "ward": "WA"},  # a leader leads a province
        {"role": "officer", "ward": "WA", "province": "__province__"},
    ],
)
def test_invalid_memberships_are_refused(superuser_client, ward_a, province, payload):
    factories.make_user("recruit")
    body = {"user": "recruit"} | {
        k: (province.code if v == "__province__" else v) for k, v in payload.items()
    }
    response = superuser_client.post(MEMBERSHIPS, body, content_type=JSON)
    assert response.status_code == 400
    with scopes_disabled():
        assert not Membership.objects.filter(user__username="recruit").exists()


def test_one_role_at_a_time(superuser_client, officer_a, ward_b):
    response = superuser_client.post(
        MEMBERSHIPS, {"user": "officer_a", "role": "commander", "ward": "WB"}, content_type=JSON
    )
    assert response.status_code == 400
    assert group_names(officer_a) == {Role.OFFICER}


def test_changing_the_role_moves_the_groups(superuser_client, officer_a):
    url = reverse("membership-detail", args=[membership_of(officer_a).pk])
    response = superuser_client.patch(url, {"role": "commander"}, content_type=JSON)
    assert response.status_code == 200, response.content
    assert group_names(officer_a) == {Role.COMMANDER}
    [entry] = audit_entries(membership_of(officer_a), event="membership.change")
    assert entry.changes == {"role": ["officer", "commander"]}


def test_ending_a_membership_ends_the_access(superuser_client, officer_a, ward_a):
    from wardsec.scoping import ward_ids_for_user

    url = reverse("membership-detail", args=[membership_of(officer_a).pk])
    response = superuser_client.delete(url)
    assert response.status_code == 204
    membership = membership_of(officer_a)  # kept, with its end date: history stays
    assert membership.ends_on is not None
    assert membership.ends_on <= timezone.localdate()
    officer_a.refresh_from_db()
    assert group_names(officer_a) == set()
    assert officer_a.is_staff is False
    assert ward_ids_for_user(officer_a) == []


# --- Query counts (the ward-owned lists: list_queries above) ---------------------------------
def test_province_list_query_count_is_pinned(superuser_client, province):
    def add_rows(count: int) -> None:
        for _ in range(count):
            factories.make_ward(province=factories.make_province())

    assert_list_baseline(
        lambda: superuser_client.get(PROVINCES),
        add_rows,
        expected=4,
        shown=lambda response: response.json()["count"],
    )
