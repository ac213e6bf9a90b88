"""Generic security checks for ward-scoped API endpoints (after NetBox's
utilities/testing/api.py): every endpoint class inherits the same questions — anonymous, no
permission, own ward, other ward, province leader, superuser, token authentication.

A test class inherits `ScopedEndpointChecks` and provides:

- `basename`: the router basename (URL names `<basename>-list` and `<basename>-detail`);
- `lookup_field`: the attribute the detail URL names (`pk`, or `code` for wards);
- `officer_writes`: whether a ward officer holds add/change/delete on the model (then another
  ward's row answers 404; otherwise the missing permission answers 403 first);
- fixtures `own_object` (ward A), `other_object` (ward B, same province), `far_object` (ward C,
  another province) and `create_payload` (a POST body valid for a user allowed to create);
- optionally `search_term(obj)` and `filter_params(obj)`, which find `obj` when it is visible.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled
from rest_framework.authtoken.models import Token

from wardsec import audit

DENIED_ANONYMOUS = {401, 403}


def result_ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def unscoped_snapshot(obj) -> dict[str, Any]:
    with scopes_disabled():
        obj.refresh_from_db()
        return audit.snapshot(obj)


def unscoped_exists(obj) -> bool:
    with scopes_disabled():
        return type(obj)._default_manager.filter(pk=obj.pk).exists()


@pytest.mark.django_db
class ScopedEndpointChecks:
    basename: str
    lookup_field = "pk"
    officer_writes = False
    update_payload: dict[str, Any] = {"name": "Renamed across wards"}

    # --- Hooks --------------------------------------------------------------------------------
    def list_url(self) -> str:
        return reverse(f"{self.basename}-list")

    def detail_url(self, obj) -> str:
        return reverse(f"{self.basename}-detail", args=[getattr(obj, self.lookup_field)])

    def search_term(self, obj) -> str:
        return obj.name

    def filter_params(self, obj) -> dict[str, str]:
        return {"ward": obj.ward.code}

    @property
    def foreign_write_status(self) -> int:
        return 404 if self.officer_writes else 403

    # --- Anonymous ------------------------------------------------------------------------------
    def test_anonymous_gets_nothing(self, citizen, own_object, create_payload):
        assert citizen.get(self.list_url()).status_code in DENIED_ANONYMOUS
        assert citizen.get(self.detail_url(own_object)).status_code in DENIED_ANONYMOUS
        response = citizen.post(self.list_url(), create_payload, content_type="application/json")
        assert response.status_code in DENIED_ANONYMOUS
        response = citizen.delete(self.detail_url(own_object))
        assert response.status_code in DENIED_ANONYMOUS
        assert unscoped_exists(own_object)

    # --- Signed in, no permission ---------------------------------------------------------------
    def test_without_permission_is_forbidden(self, no_perm_client, own_object):
        assert no_perm_client.get(self.list_url()).status_code == 403
        assert no_perm_client.get(self.detail_url(own_object)).status_code == 403

    # --- Own ward ---------------------------------------------------------------------------------
    def test_own_ward_lists_only_its_rows(
        self, officer_a_client, own_object, other_object, far_object
    ):
        ids = result_ids(officer_a_client.get(self.list_url()))
        assert own_object.pk in ids
        assert other_object.pk not in ids
        assert far_object.pk not in ids

    def test_own_ward_reads_its_row(self, officer_a_client, own_object):
        response = officer_a_client.get(self.detail_url(own_object))
        assert response.status_code == 200
        assert response.json()["id"] == own_object.pk

    # --- Other ward -------------------------------------------------------------------------------
    def test_other_ward_row_is_not_found(self, officer_a_client, other_object, far_object):
        assert officer_a_client.get(self.detail_url(other_object)).status_code == 404
        assert officer_a_client.get(self.detail_url(far_object)).status_code == 404

    def test_other_ward_row_cannot_be_changed(self, officer_a_client, other_object):
        before = unscoped_snapshot(other_object)
        url = self.detail_url(other_object)
        response = officer_a_client.patch(url, self.update_payload, content_type="application/json")
        assert response.status_code == self.foreign_write_status
        response = officer_a_client.put(url, self.update_payload, content_type="application/json")
        assert response.status_code == self.foreign_write_status
        assert officer_a_client.delete(url).status_code == self.foreign_write_status
        assert unscoped_exists(other_object)
        assert unscoped_snapshot(other_object) == before

    def test_search_and_filters_stay_in_the_ward(
        self, officer_a_client, own_object, other_object, far_object
    ):
        for hidden in (other_object, far_object):
            found = result_ids(
                officer_a_client.get(self.list_url(), {"search": self.search_term(hidden)})
            )
            assert hidden.pk not in found
            found = result_ids(officer_a_client.get(self.list_url(), self.filter_params(hidden)))
            assert hidden.pk not in found
        # The same search and filter do find a visible row: the checks above can fail.
        found = result_ids(
            officer_a_client.get(self.list_url(), {"search": self.search_term(own_object)})
        )
        assert own_object.pk in found
        found = result_ids(officer_a_client.get(self.list_url(), self.filter_params(own_object)))
        assert own_object.pk in found

    # --- Province leader --------------------------------------------------------------------------
    def test_leader_reads_the_province_only(
        self, leader_client, own_object, other_object, far_object
    ):
        ids = result_ids(leader_client.get(self.list_url()))
        assert {own_object.pk, other_object.pk} <= ids
        assert far_object.pk not in ids
        assert leader_client.get(self.detail_url(other_object)).status_code == 200
        assert leader_client.get(self.detail_url(far_object)).status_code == 404

    def test_leader_writes_nothing(self, leader_client, own_object, create_payload):
        before = unscoped_snapshot(own_object)
        url = self.detail_url(own_object)
        response = leader_client.post(
            self.list_url(), create_payload, content_type="application/json"
        )
        assert response.status_code == 403
        response = leader_client.patch(url, self.update_payload, content_type="application/json")
        assert response.status_code == 403
        assert leader_client.delete(url).status_code == 403
        assert unscoped_snapshot(own_object) == before

    # --- Superuser --------------------------------------------------------------------------------
    def test_superuser_reads_everything(
        self, superuser_client, own_object, other_object, far_object
    ):
        ids = result_ids(superuser_client.get(self.list_url()))
        assert {own_object.pk, other_object.pk, far_object.pk} <= ids
        assert superuser_client.get(self.detail_url(far_object)).status_code == 200

    # --- Token authentication (the middleware cannot see it; the view scopes itself) --------------
    def test_token_authentication_is_scoped(self, officer_a, own_object, other_object):
        token = Token.objects.create(user=officer_a)
        client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        ids = result_ids(client.get(self.list_url()))
        assert own_object.pk in ids
        assert other_object.pk not in ids
        assert client.get(self.detail_url(other_object)).status_code == 404
