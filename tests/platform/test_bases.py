"""The test library's bases on the throwaway `Widget` admin (tests/scopedapp), and on
deliberately wrong declarations: each base fails when what it checks is not so."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from tests import factories
from tests.platform.admin import ScopedAdminTestCase
from tests.platform.queries import assert_list_baseline
from tests.scopedapp.models import Widget
from tests.wardsec import test_api as widget_api
from tests.wardsec.conftest import make_widget
from wardsec import audit
from wardsec.models import AuditAction, AuditEntry

WIDGET_WORK = {"changelist", "view", "change", "add", "delete", "export"}


class TestWidgetAdmin(ScopedAdminTestCase):
    model = Widget
    changelist_queries = 13
    matrix = {
        "officer": WIDGET_WORK,
        "commander": WIDGET_WORK,
        "leader": {"changelist", "view", "export"},
    }

    def make_row(self, ward):
        return make_widget(ward, name=f"Widget {ward.name}")

    def make_listed_row(self, ward, n):
        return make_widget(ward, name=f"Widget {n}")


class TestAuditEntryAdmin(ScopedAdminTestCase):
    """The platform's own ward-owned admin: the audit log, read by commanders and leaders."""

    model = AuditEntry
    ward_role = "commander"
    matrix = {
        "commander": {"changelist", "view", "export"},
        "leader": {"changelist", "view", "export"},
    }
    changelist_queries = 15

    def make_row(self, ward):
        with scopes_disabled():
            return audit.record(action=AuditAction.UPDATE, ward=ward, event=f"test.{ward.code}")

    def search_term(self, row):
        return row.event

    def make_listed_row(self, ward, n):
        actor = factories.make_officer(ward)
        with scopes_disabled():
            return audit.record(action=AuditAction.VIEW, actor=actor, ward=ward, event="test.n")


# --- The bases fail when what they check is not so ---------------------------------------------
class WrongWidgetMatrix(TestWidgetAdmin):
    """Claims the leader may save a widget (not collected: its name does not start with Test)."""

    matrix = {**TestWidgetAdmin.matrix, "leader": {"changelist", "view", "change"}}


def test_the_admin_case_fails_on_a_wrong_matrix(request, ward_a, province_leader):
    case = WrongWidgetMatrix()
    row = case.make_row(ward_a)
    with pytest.raises(AssertionError):
        case.test_own_ward_per_matrix(request, row, "leader", "change")
    TestWidgetAdmin().test_own_ward_per_matrix(request, row, "leader", "change")  # the truth


class WrongWidgetEndpoint(widget_api.TestWidgetEndpoint):
    matrix = {**widget_api.TestWidgetEndpoint.matrix, "leader": {"list", "retrieve", "delete"}}
    list_queries = 9


@pytest.mark.urls("tests.scopedapp.urls")
def test_the_api_case_fails_on_a_wrong_matrix_or_baseline(request, ward_a, ward_b, ward_c):
    case = WrongWidgetEndpoint()
    row = case.make_row(ward_a)
    with pytest.raises(AssertionError):
        case.test_own_ward_per_matrix(request, row, "leader", "delete")
    with pytest.raises(AssertionError, match="pinned 9"):
        case.test_list_query_count_is_pinned(request, ward_a)


def test_the_baseline_fails_on_a_query_per_row(ward_a):
    rows: list[int] = []

    def add_rows(count: int) -> None:
        rows.extend(make_widget(ward_a, name=f"W{len(rows)}").pk for _ in range(count))

    def fetch_one_by_one() -> int:
        with scopes_disabled():
            return len([Widget.objects.get(pk=pk) for pk in rows])

    with pytest.raises(AssertionError, match="a query per row"):
        assert_list_baseline(fetch_one_by_one, add_rows, expected=1, shown=lambda n: n)
