"""The test library's bases on the throwaway `Widget` admin (tests/scopedapp), and on
deliberately wrong declarations: each base fails when what it checks is not so."""

from __future__ import annotations

from django_scopes import scopes_disabled

from tests import factories
from tests.platform.admin import ScopedAdminTestCase
from tests.scopedapp.models import Widget
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
