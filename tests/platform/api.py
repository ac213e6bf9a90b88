"""`ScopedAPITestCase`: the security tests of one ward-scoped viewset, generated from the
permission matrix its app declares (after NetBox's utilities/testing/api.py).

A test class inherits it and declares:

- `basename`: the router basename (URL names `<basename>-list`, `<basename>-detail`,
  `<basename>-<action>`); `lookup_field` when the detail URL does not name the `pk`;
- `matrix`: which role may do what in its own ward, e.g.
  `{"officer": {"list", "retrieve", "create", "triage"}, "leader": {"list", "retrieve"}}` —
  operations are `list`, `retrieve`, `create`, `update` (PATCH), `delete` and the name of each
  custom action; a role left out may do nothing (roles: `personas.ROLES`);
- `actions`: every custom action of the viewset, `Action(name, method, payload)`;
- `make_row(ward)`: a row of the endpoint's model in `ward`; `create_payload(ward)` and
  `update_payload(row)`: bodies valid for a user allowed to write;
- optionally `search_term(row)` / `filter_params(row)` (None: the endpoint has none),
  `state(row)` (what must not change when a request is refused), `ward_role` (the role whose
  ward-A persona is "own ward" in the isolation checks and the token checks);
- `list_queries`: the list's query count, pinned (with 1 row and 5, filled by `make_listed_row`).

Generated for each operation: anonymous (401 with WWW-Authenticate), signed in without any
permission (403), holding only the view permission (403 on everything else), each role in its
own ward (allowed by the matrix: 2xx and, for a write, an audit entry; refused: 403, or 405 when
the endpoint does not offer it), another ward's row (404 when the role may do it, else 403; the
same request is first shown to succeed on the own ward's row), the province leader beyond the
province (404), a token client's writes (per the matrix). Once per endpoint: lists and search
stay in the ward (a visible row is found by the same search first), the leader reads the
province, the superuser reads everything, token reads are scoped, and the matrix names only what
the viewset offers and every action it has. A refused request changes nothing: the row, the
number of rows, the audit log.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
from django.test import Client
from django.urls import resolve, reverse
from rest_framework.authtoken.models import Token

from tests.platform.personas import (
    ROLE_PERSONAS,
    ROLES,
    STAFF_ROLES,
    client_for,
    user_with_permissions,
)
from tests.platform.queries import assert_list_baseline
from tests.platform.rows import WardRows

CRUD = ("list", "retrieve", "create", "update", "delete")
METHODS = {
    "list": "get",
    "retrieve": "get",
    "create": "post",
    "update": "patch",
    "delete": "delete",
}
SUCCESS = {"list": {200}, "retrieve": {200}, "create": {200, 201}, "update": {200}, "delete": {204}}
NOT_OFFERED = {403, 405}  # a method the endpoint lacks: refused by the permission or the method
INVALID_BODY = {"__not_a_field__": ["x"]}


def result_ids(response) -> set[int]:
    """The ids of a paginated list answer (which must be a 200)."""
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def token_client(user) -> Client:
    """A client authenticated by an API token (no session: the view opens the scope itself)."""
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


@dataclass(frozen=True)
class Action:
    """A custom action of the viewset, by its URL name (`link-case` for `link_case`).

    `payload(row)` gives a body valid for an allowed user on a fresh row of the own ward (it may
    create what the body names, e.g. a case in the row's ward). `view_suffices` is for the rare
    action that needs nothing beyond the model's view permission.
    """

    name: str
    method: str = "post"
    payload: Callable[[Any], Any] | None = None
    detail: bool = True
    view_suffices: bool = False

    def body(self, row: Any) -> Any:
        return self.payload(row) if self.payload is not None else {}


@pytest.mark.django_db
class ScopedAPITestCase(WardRows):
    basename: ClassVar[str]
    lookup_field: ClassVar[str] = "pk"
    matrix: ClassVar[dict[str, set[str]]]
    actions: ClassVar[tuple[Action, ...]] = ()
    list_queries: ClassVar[int | None] = None  # the list's pinned query count (queries.py)

    # --- Declarations a subclass provides (and WardRows.make_row) ------------------------------
    def create_payload(self, ward: Any) -> Any:
        return {"ward": ward.code}

    def update_payload(self, row: Any) -> Any:
        return {"name": "Renamed across wards"}

    def search_term(self, row: Any) -> str | None:
        return getattr(row, "name", None)

    def filter_params(self, row: Any) -> dict[str, Any] | None:
        return {"ward": self.ward_of(row).code}

    def make_listed_row(self, ward: Any, n: int) -> Any:
        """The `n`-th row of the query-count baseline; override to fill every column the list
        shows (an assignee, a neighbourhood …), so that a query per row would show."""
        return self.make_row(ward)

    def list_client(self, request: pytest.FixtureRequest) -> Client:
        """Who reads the list in the query-count baseline."""
        return self.persona_client(request, self.ward_role)

    # --- Test generation --------------------------------------------------------------------------
    @classmethod
    def operation_names(cls) -> list[str]:
        return [*CRUD, *(action.name for action in cls.actions)]

    @classmethod
    def detail_operation_names(cls) -> list[str]:
        detail = [a.name for a in cls.actions if a.detail]
        return ["retrieve", "update", "delete", *detail]

    @classmethod
    def beyond_view_names(cls) -> list[str]:
        return ["create", "update", "delete", *(a.name for a in cls.actions if not a.view_suffices)]

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        cls = metafunc.cls
        choices = {
            "operation": cls.operation_names(),
            "detail_operation": cls.detail_operation_names(),
            "beyond_view": cls.beyond_view_names(),
            "role": list(ROLES),
            "staff_role": list(STAFF_ROLES),
        }
        for name, values in choices.items():
            if name in metafunc.fixturenames:
                metafunc.parametrize(name, values)

    # --- Requests ---------------------------------------------------------------------------------
    def action(self, name: str) -> Action:
        return next(a for a in self.actions if a.name == name)

    def method(self, operation: str) -> str:
        return METHODS.get(operation) or self.action(operation).method

    def url(self, operation: str, row: Any = None) -> str:
        if operation in {"list", "create"}:
            return reverse(f"{self.basename}-list")
        key = getattr(row, self.lookup_field)
        if operation in CRUD:
            return reverse(f"{self.basename}-detail", args=[key])
        action = self.action(operation)
        return reverse(f"{self.basename}-{action.name}", args=[key] if action.detail else [])

    def body(self, operation: str, row: Any, ward: Any) -> Any:
        if operation == "create":
            return self.create_payload(ward)
        if operation == "update":
            return self.update_payload(row)
        if operation in CRUD:
            return None
        return self.action(operation).body(row)

    def call(self, client: Client, operation: str, row: Any, body: Any = None):
        """Run `operation` on `row` (its ward names the ward of a create) as `client`."""
        method, url = self.method(operation), self.url(operation, row)
        if body is None:
            body = self.body(operation, row, self.ward_of(row) if row is not None else None)
        if method == "get":
            return client.get(url)
        data = json.dumps(body) if body is not None else ""
        return client.generic(method.upper(), url, data, content_type="application/json")

    # --- What the endpoint offers -----------------------------------------------------------------
    def viewset(self):
        return resolve(reverse(f"{self.basename}-list")).func.cls

    def offered(self) -> set[str]:
        """The operations the endpoint's routes and `http_method_names` allow, and its actions."""
        found = {a.name for a in self.actions}
        routes = [("list", [], {"get": "list", "post": "create"})]
        routes.append(("detail", ["0"], {"get": "retrieve", "patch": "update", "delete": "delete"}))
        for suffix, args, operations in routes:
            view = resolve(reverse(f"{self.basename}-{suffix}", args=args)).func
            for method, operation in operations.items():
                if method in view.actions and method in view.cls.http_method_names:
                    found.add(operation)
        return found

    def allowed(self, role: str, operation: str) -> bool:
        return operation in self.matrix.get(role, set())

    def expected(self, role: str, operation: str) -> set[int]:
        """The answers to `role` doing `operation` on a row of its own wards."""
        if operation not in self.offered():
            return NOT_OFFERED
        if not self.allowed(role, operation):
            return {403}
        return SUCCESS.get(operation, {200, 201, 204})

    # --- The declaration itself -------------------------------------------------------------------
    def test_the_matrix_names_what_the_endpoint_offers(self):
        assert set(self.matrix) <= set(ROLES), f"unknown roles: {set(self.matrix) - set(ROLES)}"
        declared = set().union(*self.matrix.values())
        assert declared <= self.offered(), f"not offered: {declared - self.offered()}"
        extra = {a.url_name: sorted(a.mapping) for a in self.viewset().get_extra_actions()}
        assert extra == {a.name: [a.method] for a in self.actions}, "declare every custom action"

    def assert_refused(
        self, client: Client, operation: str, row: Any, expected: set[int], body: Any = None
    ):
        """`operation` on `row` answers one of `expected` and changes nothing (the row, the
        number of rows, the audit log)."""
        if body is None:  # made before observing: a payload may create what it names
            body = self.body(operation, row, self.ward_of(row))
        before = self.observe(row)
        response = self.call(client, operation, row, body=body)
        assert response.status_code in expected, response.content
        assert self.observe(row) == before
        return response

    # --- Anonymous and no permission --------------------------------------------------------------
    def test_anonymous_is_asked_to_sign_in(self, citizen, own_object, operation):
        response = self.assert_refused(citizen, operation, own_object, {401})
        assert response.has_header("WWW-Authenticate")

    def test_without_permission_is_forbidden(self, no_perm_client, own_object, operation):
        self.assert_refused(no_perm_client, operation, own_object, {403})

    def test_the_view_permission_alone_allows_no_more(self, ward_a, own_object, beyond_view):
        model = self.viewset().model._meta
        viewer = user_with_permissions(ward_a, f"{model.app_label}.view_{model.model_name}")
        self.assert_refused(client_for(viewer), beyond_view, own_object, {403})

    # --- Each role in its own ward, per the matrix ------------------------------------------------
    def test_own_ward_per_matrix(self, request, own_object, role, operation):
        client = self.persona_client(request, role)  # signing in is audited: before observing
        expected = self.expected(role, operation)
        if not self.allowed(role, operation):
            self.assert_refused(client, operation, own_object, expected)
            return
        body = self.body(operation, own_object, self.ward_of(own_object))
        before = self.observe(own_object)
        response = self.call(client, operation, own_object, body=body)
        assert response.status_code in expected, response.content
        if operation == "list":
            assert own_object.pk in result_ids(response)
        elif operation == "retrieve":
            assert response.json()["id"] == own_object.pk
        elif self.method(operation) != "get":
            assert self.observe(own_object)["audit"] > before["audit"], "a write is audited"

    # --- Another ward's rows ----------------------------------------------------------------------
    def test_other_ward_row_is_not_found(
        self, request, own_object, other_object, far_object, detail_operation, staff_role
    ):
        client = self.persona_client(request, staff_role)
        expected = self.expected(staff_role, detail_operation)
        if self.allowed(staff_role, detail_operation):
            # The same request succeeds on the own ward's row: the 404 below is isolation.
            response = self.call(client, detail_operation, own_object)
            assert response.status_code in expected, response.content
            expected = {404}
        for hidden in (other_object, far_object):
            self.assert_refused(client, detail_operation, hidden, expected)
            if self.method(detail_operation) != "get":
                # Even a body that would not validate gets the same answer.
                self.assert_refused(client, detail_operation, hidden, expected, INVALID_BODY)

    def test_create_in_another_ward_is_refused(self, request, other_object, far_object, staff_role):
        client = self.persona_client(request, staff_role)
        expected = {400} if self.allowed(staff_role, "create") else self.expected("", "create")
        for hidden in (other_object, far_object):
            body = self.create_payload(self.ward_of(hidden))
            self.assert_refused(client, "create", hidden, expected, body)

    def test_lists_hold_only_the_wards_rows(self, request, own_object, other_object, far_object):
        found = result_ids(self.call(self.persona_client(request, self.ward_role), "list", None))
        assert own_object.pk in found
        assert other_object.pk not in found
        assert far_object.pk not in found

    def test_search_and_filters_stay_in_the_ward(
        self, request, own_object, other_object, far_object
    ):
        client, url = self.persona_client(request, self.ward_role), self.url("list")
        queries = []
        if self.search_term(own_object) is not None:
            queries.append(lambda row: {"search": self.search_term(row)})
        if self.filter_params(own_object) is not None:
            queries.append(self.filter_params)
        assert queries, "declare search_term or filter_params (or override this test)"
        for query in queries:
            # The same query finds a visible row: the checks after it can fail.
            assert own_object.pk in result_ids(client.get(url, query(own_object)))
            for hidden in (other_object, far_object):
                assert hidden.pk not in result_ids(client.get(url, query(hidden)))

    # --- Province leader --------------------------------------------------------------------------
    def test_leader_reads_the_province(self, leader_client, own_object, other_object, far_object):
        response = self.call(leader_client, "list", None)
        if not self.allowed("leader", "list"):
            assert response.status_code in self.expected("leader", "list")
            return
        found = result_ids(response)
        assert {own_object.pk, other_object.pk} <= found
        assert far_object.pk not in found
        if self.allowed("leader", "retrieve"):
            assert self.call(leader_client, "retrieve", other_object).status_code == 200

    def test_leader_beyond_the_province(self, leader_client, far_object, detail_operation):
        expected = self.expected("leader", detail_operation)
        if self.allowed("leader", detail_operation):
            expected = {404}
        self.assert_refused(leader_client, detail_operation, far_object, expected)

    # --- Query count ------------------------------------------------------------------------------
    def test_list_query_count_is_pinned(self, request, ward_a):
        client, url, made = self.list_client(request), self.url("list"), itertools.count()

        def add_rows(count: int) -> None:
            for _ in range(count):
                self.make_listed_row(ward_a, next(made))

        assert_list_baseline(
            lambda: client.get(url),
            add_rows,
            expected=self.list_queries,
            shown=lambda response: response.json()["count"],
        )

    # --- Superuser and token authentication -------------------------------------------------------
    def test_superuser_reads_everything(
        self, superuser_client, own_object, other_object, far_object
    ):
        found = result_ids(self.call(superuser_client, "list", None))
        assert {own_object.pk, other_object.pk, far_object.pk} <= found
        assert self.call(superuser_client, "retrieve", far_object).status_code == 200

    def test_token_authentication_is_scoped(self, request, own_object, other_object):
        user = request.getfixturevalue(ROLE_PERSONAS[self.ward_role])
        client = token_client(user)
        found = result_ids(self.call(client, "list", None))
        assert own_object.pk in found
        assert other_object.pk not in found
        assert self.call(client, "retrieve", other_object).status_code == 404

    def test_token_client_writes_per_matrix(self, request, own_object, beyond_view):
        client = token_client(request.getfixturevalue(ROLE_PERSONAS[self.ward_role]))
        expected = self.expected(self.ward_role, beyond_view)
        if not self.allowed(self.ward_role, beyond_view):
            self.assert_refused(client, beyond_view, own_object, expected)
            return
        body = self.body(beyond_view, own_object, self.ward_of(own_object))
        before = self.observe(own_object)
        response = self.call(client, beyond_view, own_object, body=body)
        assert response.status_code in expected, response.content
        if self.method(beyond_view) != "get":
            assert self.observe(own_object) != before
