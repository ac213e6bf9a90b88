"""`ScopedAdminTestCase`: the security tests of one ward-scoped ModelAdmin, generated from the
permission matrix its app declares and from what the admin itself declares (its workflow steps,
its exports, the autocomplete fields of other admins that point at its model).

A test class inherits it and declares:

- `model`: the admin's model (its ModelAdmin is looked up on the site);
- `matrix`: which role may open what in its own ward — `changelist`, `view` (the change page;
  its history follows), `change` (saving it), `add`, `delete`, `export` (…/export.csv/ and the
  `export_csv` action) and the name of each workflow step (`Step.name`); a role left out may do
  nothing;
- `make_row(ward)` (tests/platform/rows.py); optionally `search_term(row)` (the changelist
  search that finds the row; None when the admin has no search) and `changelist_queries` (the
  changelist's pinned query count, with 1 and 5 rows made by `make_listed_row`).

Generated for each page: anonymous (a redirect to the login page), signed in without any
permission (403), each role in its own ward (allowed: 200, or the save button shown for
`change`; refused: 403 and nothing changed), another ward's row (404 when the role may open the
page, else 403 or 404; the same page first opened on the own row), the province leader beyond
the province (404). Once per admin: the changelist, its search, the exports (a forged selection
too), every bulk step and every autocomplete that lists the model reach only the ward's rows
(the own row found first), the
leader's changelist holds the province, the superuser's everything, and the changelist's query
count is pinned.
"""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any, ClassVar

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import reverse

from tests.platform.personas import ROLE_PERSONAS, ROLES, STAFF_ROLES, client_for
from tests.platform.queries import assert_list_baseline
from tests.platform.rows import WardRows
from wardsec.sites import WardSecAdminSite

PAGES = ("changelist", "view", "history", "change", "add", "delete", "export")
DETAIL_PAGES = ("view", "history", "change", "delete")
FOLLOWS = {"history": "view"}  # pages a matrix does not name: allowed with the page they follow
LOGIN = "admin:login"


def site() -> WardSecAdminSite:
    return admin.site  # type: ignore[return-value]


def model_admin(model: type[models.Model]) -> admin.ModelAdmin:
    return site()._registry[model]


def changelist_ids(response) -> set[int]:
    assert response.status_code == 200, response.status_code
    return {row.pk for row in response.context["cl"].result_list}


def csv_ids(response) -> set[str]:
    """The first column (the id) of an exported CSV."""
    assert response.status_code == 200, response.status_code
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    return {row[0] for row in rows[1:] if row}


def autocomplete_sources(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """(source model, field name) of every registered admin whose autocomplete lists `model`."""
    found = []
    for source, source_admin in site()._registry.items():
        for name in source_admin.autocomplete_fields:
            if source._meta.get_field(name).related_model is model:
                found.append((source, name))
    return found


@pytest.mark.django_db
class ScopedAdminTestCase(WardRows):
    model: ClassVar[type[models.Model]]
    matrix: ClassVar[dict[str, set[str]]]
    changelist_queries: ClassVar[int | None] = None

    # --- Declarations a subclass may override -----------------------------------------------------
    def search_term(self, row: Any) -> str | None:
        return str(row)

    def make_listed_row(self, ward: Any, n: int) -> Any:
        return self.make_row(ward)

    # --- What the admin declares ------------------------------------------------------------------
    @classmethod
    def step_names(cls) -> list[str]:
        return [step.name for step in getattr(model_admin(cls.model), "steps", ())]

    @classmethod
    def page_names(cls) -> list[str]:
        return [*PAGES, *cls.step_names()]

    @classmethod
    def detail_page_names(cls) -> list[str]:
        return [*DETAIL_PAGES, *cls.step_names()]

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        cls = metafunc.cls
        choices = {"page": cls.page_names(), "detail_page": cls.detail_page_names()}
        choices["role"] = list(ROLES)
        choices["staff_role"] = list(STAFF_ROLES)
        for name, values in choices.items():
            if name in metafunc.fixturenames:
                metafunc.parametrize(name, values)

    # --- Requests ---------------------------------------------------------------------------------
    def admin_url(self, name: str, *args: Any) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)

    def url(self, page: str, row: Any = None) -> str:
        if page in {"changelist", "add"}:
            return self.admin_url(page)
        if page == "export":
            return self.admin_url("export", "csv")
        if page == "view":
            return self.admin_url("change", row.pk)
        if page in {"change", "delete", "history"}:
            return self.admin_url(page, row.pk)
        step = next(s for s in model_admin(self.model).steps if s.name == page)
        return self.admin_url(step.url_name, row.pk)

    def open(self, client: Client, page: str, row: Any):
        """GET the page; `change` is a POST of the change form (refused before it is read)."""
        if page == "change":
            return client.post(self.url(page, row), {})
        return client.get(self.url(page, row))

    def allowed(self, role: str, page: str) -> bool:
        return FOLLOWS.get(page, page) in self.matrix.get(role, set())

    def assert_refused(self, client: Client, page: str, row: Any, expected: set[int]):
        before = self.observe(row)
        response = self.open(client, page, row)
        assert response.status_code in expected, (page, response.status_code)
        assert self.observe(row) == before
        if page in self.step_names():  # a step's POST is refused alike and changes nothing
            response = client.post(self.url(page, row), {})
            assert response.status_code in expected, (page, response.status_code)
            assert self.observe(row) == before
        return response

    # --- The declaration itself -------------------------------------------------------------------
    def test_the_matrix_names_pages_the_admin_has(self):
        assert set(self.matrix) <= set(ROLES), f"unknown roles: {set(self.matrix) - set(ROLES)}"
        declared = set().union(*self.matrix.values())
        named = set(self.page_names()) - set(FOLLOWS)
        assert declared <= named, f"not pages of the admin: {declared - named}"

    # --- Anonymous and no permission --------------------------------------------------------------
    def test_anonymous_is_sent_to_the_login_page(self, citizen, own_object, page):
        response = self.assert_refused(citizen, page, own_object, {302})
        assert response["Location"].startswith(reverse(LOGIN))

    def test_without_permission_is_forbidden(self, no_perm_client, own_object, page):
        self.assert_refused(no_perm_client, page, own_object, {403})

    # --- Each role in its own ward, per the matrix ------------------------------------------------
    def test_own_ward_per_matrix(self, request, own_object, role, page):
        client = self.persona_client(request, role)
        if not self.allowed(role, page):
            self.assert_refused(client, page, own_object, {403})
            if page == "change" and self.allowed(role, "view"):
                response = client.get(self.url("view", own_object))
                assert b'name="_save"' not in response.content
            return
        if page == "change":
            response = client.get(self.url("view", own_object))
            assert response.status_code == 200
            assert b'name="_save"' in response.content
            return
        response = self.open(client, page, own_object)
        assert response.status_code == 200, (page, response.status_code)
        if page == "changelist":
            assert own_object.pk in changelist_ids(response)

    # --- Another ward's rows ----------------------------------------------------------------------
    def test_other_ward_row_is_not_found(
        self, request, own_object, other_object, far_object, detail_page, staff_role
    ):
        client = self.persona_client(request, staff_role)
        expected = {403, 404}
        if self.allowed(staff_role, detail_page):
            opened = "view" if detail_page == "change" else detail_page
            response = client.get(self.url(opened, own_object))
            assert response.status_code == 200, (detail_page, response.status_code)
            expected = {404}
        for hidden in (other_object, far_object):
            self.assert_refused(client, detail_page, hidden, expected)

    def test_changelist_search_and_export_hold_only_the_wards_rows(
        self, request, own_object, other_object, far_object
    ):
        client = self.persona_client(request, self.ward_role)
        found = changelist_ids(client.get(self.url("changelist")))
        assert own_object.pk in found
        assert not {other_object.pk, far_object.pk} & found
        if self.search_term(own_object) is not None and model_admin(self.model).search_fields:
            for row in (own_object, other_object, far_object):
                query = {"q": self.search_term(row)}
                found = changelist_ids(client.get(self.url("changelist"), query))
                assert (row.pk in found) is (row is own_object), row
        if self.allowed(self.ward_role, "export"):
            exported = csv_ids(client.get(self.url("export")))
            assert str(own_object.pk) in exported
            assert not {str(other_object.pk), str(far_object.pk)} & exported
        if (
            self.allowed(self.ward_role, "export")
            and "export_csv" in model_admin(self.model).actions
        ):
            # The export action given every row's id (a forged selection) exports the own only.
            chosen = [own_object.pk, other_object.pk, far_object.pk]
            body = {"action": "export_csv", "_selected_action": chosen, "index": 0}
            exported = csv_ids(client.post(self.url("changelist"), body))
            assert exported == {str(own_object.pk)}

    def test_bulk_steps_reach_only_the_wards_rows(
        self, request, ward_a, other_object, far_object, staff_role
    ):
        """Each declared bulk step (a changelist action), run by ward A's staff on a selection
        forged to hold other wards' rows, changes none of them — and does change the own row
        when the user holds the step's permission (so the check can fail)."""
        user = request.getfixturevalue(ROLE_PERSONAS[staff_role])
        client, opts = client_for(user), self.model._meta
        for step in getattr(model_admin(self.model), "bulk_steps", ()):
            own = self.make_row(ward_a)
            rows = (own, other_object, far_object)
            before = [self.observe(row) for row in rows]
            body = {"action": step.name, "_selected_action": [r.pk for r in rows], "index": 0}
            response = client.post(self.url("changelist"), body)
            assert response.status_code in {200, 302}, (step.name, response.status_code)
            after = [self.observe(row) for row in rows]
            # (The audit log grows with the own row's change: compare the rows themselves.)
            assert [a["row"] for a in after[1:]] == [b["row"] for b in before[1:]], step.name
            permission = step.permission
            if "." not in permission:
                permission = f"{opts.app_label}.{permission}_{opts.model_name}"
            if user.has_perm(permission):
                assert after[0]["row"] != before[0]["row"], f"{step.name} did nothing"

    def test_autocomplete_lists_only_the_wards_rows(
        self, request, citizen, no_perm_client, own_object, other_object, far_object
    ):
        client = self.persona_client(request, self.ward_role)
        for source, field in autocomplete_sources(self.model):
            url = reverse("admin:autocomplete")
            query = {
                "app_label": source._meta.app_label,
                "model_name": source._meta.model_name,
                "field_name": field,
            }
            assert citizen.get(url, query).status_code == 302
            assert no_perm_client.get(url, query).status_code == 403
            response = client.get(url, query)
            assert response.status_code == 200, (source, field)
            ids = {item["id"] for item in response.json()["results"]}
            assert str(own_object.pk) in ids
            assert not {str(other_object.pk), str(far_object.pk)} & ids

    # --- Province leader and superuser ------------------------------------------------------------
    def test_leader_reads_the_province(self, leader_client, own_object, other_object, far_object):
        response = leader_client.get(self.url("changelist"))
        if not self.allowed("leader", "changelist"):
            assert response.status_code == 403
            return
        found = changelist_ids(response)
        assert {own_object.pk, other_object.pk} <= found
        assert far_object.pk not in found

    def test_leader_beyond_the_province(self, leader_client, far_object, detail_page):
        expected = {404} if self.allowed("leader", detail_page) else {403, 404}
        self.assert_refused(leader_client, detail_page, far_object, expected)

    def test_superuser_sees_every_ward(
        self, superuser_client, own_object, other_object, far_object
    ):
        found = changelist_ids(superuser_client.get(self.url("changelist")))
        assert {own_object.pk, other_object.pk, far_object.pk} <= found

    # --- Query count ------------------------------------------------------------------------------
    def test_changelist_query_count_is_pinned(self, request, ward_a):
        client, url = self.persona_client(request, self.ward_role), self.url("changelist")
        made = itertools.count()

        def add_rows(count: int) -> None:
            for _ in range(count):
                self.make_listed_row(ward_a, next(made))

        assert_list_baseline(
            lambda: client.get(url),
            add_rows,
            expected=self.changelist_queries,
            shown=lambda response: len(changelist_ids(response)),
        )
