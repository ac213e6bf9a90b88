"""Every models registry admin inherits the platform's admin security cases from its matrix: who
may open which page (lists, object pages, exports, the workflow steps) in their own ward,
another ward's rows not found, the leader's province, pinned changelist query counts. The
supervised people: only the commander (who holds `view_supervision`)."""

from __future__ import annotations

from django_scopes import scopes_disabled

from models_registry import models, services
from tests.models_registry import factories
from tests.platform.admin import ScopedAdminTestCase

READ = {"changelist", "view", "export"}


class TestPreventionModelAdmin(ScopedAdminTestCase):
    model = models.PreventionModel
    work = {*READ, "add", "change", "contribute", "end"}
    matrix = {"officer": work, "commander": {*work, "evaluate"}, "leader": READ}
    changelist_queries = 12

    def make_row(self, ward):
        return factories.make_model(ward, name=f"Camera an ninh {ward.name}")

    def make_listed_row(self, ward, n):
        model = factories.make_model(ward)
        factories.make_fault(factories.make_asset(model))
        return model

    def search_term(self, row):
        return row.name


class TestAssetAdmin(ScopedAdminTestCase):
    model = models.Asset
    work = {*READ, "add", "report-fault", "remove"}
    matrix = {"officer": work, "commander": work, "leader": READ}
    changelist_queries = 12

    def make_row(self, ward):
        return factories.make_asset(factories.make_model(ward), name=f"Tuyến đèn {ward.name}")

    def ward_of(self, row):
        return row.model.ward

    def search_term(self, row):
        return row.name


class TestFaultAdmin(ScopedAdminTestCase):
    model = models.Fault
    work = {*READ, "add", "assign", "fix"}
    matrix = {"officer": work, "commander": work, "leader": READ}
    changelist_queries = 14

    def make_row(self, ward):
        asset = factories.make_asset(factories.make_model(ward))
        return factories.make_fault(asset, description=f"Hỏng đèn {ward.name}")

    def ward_of(self, row):
        return row.asset.model.ward

    def search_term(self, row):
        return row.description


class TestEvaluationAdmin(ScopedAdminTestCase):
    model = models.Evaluation
    matrix = {"officer": READ, "commander": READ, "leader": READ}
    changelist_queries = 12

    def make_row(self, ward):
        with scopes_disabled():
            return services.evaluate_model(
                model=factories.make_model(ward),
                actor=None,
                year=2020,
                rating="effective",
                reasons=f"Giảm trộm cắp ở {ward.name}",
            )

    def ward_of(self, row):
        return row.model.ward

    def search_term(self, row):
        return row.reasons


class TestSupervisedPersonAdmin(ScopedAdminTestCase):
    model = models.SupervisedPerson
    matrix = {"commander": {*READ, "add", "change", "check-in", "end"}}
    ward_role = "commander"
    changelist_queries = 14

    def make_row(self, ward):
        return factories.make_person(ward, full_name=f"Võ Văn {ward.name}")

    def search_term(self, row):
        return row.full_name
