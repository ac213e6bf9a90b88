"""The test library's bases on the throwaway `Widget` admin (tests/scopedapp), and on
deliberately wrong declarations: each base fails when what it checks is not so."""

from __future__ import annotations

from tests.platform.admin import ScopedAdminTestCase
from tests.scopedapp.models import Widget
from tests.wardsec.conftest import make_widget

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
