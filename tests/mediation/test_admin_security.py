"""Every mediation admin inherits the platform's admin security cases from its matrix: who may
open which page (lists, object pages, exports, the team's, the dispute's and the book's workflow
steps) in their own ward, another ward's rows not found, the leader's province, pinned query
counts."""

from __future__ import annotations

from mediation import models
from tests.mediation import factories
from tests.platform.admin import ScopedAdminTestCase

READ = {"changelist", "view", "export"}


class TestMediationTeamAdmin(ScopedAdminTestCase):
    model = models.MediationTeam
    matrix = {"officer": READ, "commander": {*READ, "add", "dissolve"}, "leader": READ}
    changelist_queries = 11

    def make_row(self, ward):
        return factories.make_team(ward, name=f"Tổ hòa giải {ward.name}")

    def search_term(self, row):
        return row.name


class TestMediatorAdmin(ScopedAdminTestCase):
    model = models.Mediator
    matrix = {"officer": READ, "commander": {*READ, "add", "leave"}, "leader": READ}
    changelist_queries = 11

    def make_row(self, ward):
        return factories.make_mediator(factories.make_team(ward), full_name=f"Lê Văn {ward.name}")

    def ward_of(self, row):
        return row.team.ward

    def search_term(self, row):
        return row.full_name


class TestDisputeAdmin(ScopedAdminTestCase):
    model = models.Dispute
    work = {*READ, "add", "change", "party", "assign", "session", "outcome", "follow-up"}
    matrix = {"officer": work, "commander": work, "leader": READ}
    changelist_queries = 14  # + the date hierarchy

    def make_row(self, ward):
        return factories.make_dispute(ward, summary=f"Tranh chấp ở {ward.name}")

    def search_term(self, row):
        return row.summary


class TestPartyAdmin(ScopedAdminTestCase):
    model = models.Party
    matrix = {"officer": READ, "commander": READ, "leader": READ}
    changelist_queries = 11

    def make_row(self, ward):
        return factories.make_party(ward, full_name=f"Đỗ Văn {ward.name}")

    def ward_of(self, row):
        return row.dispute.ward

    def search_term(self, row):
        return row.full_name


class TestMediationSessionAdmin(ScopedAdminTestCase):
    model = models.MediationSession
    matrix = {"officer": READ, "commander": READ, "leader": READ}
    changelist_queries = 13  # + the date hierarchy

    def make_row(self, ward):
        return factories.make_session(
            factories.make_dispute(ward), attendees=f"Các bên {ward.name}"
        )

    def ward_of(self, row):
        return row.dispute.ward

    def search_term(self, row):
        return row.attendees


class TestRecordBookAdmin(ScopedAdminTestCase):
    model = models.RecordBook
    work = {*READ, "add", "close"}
    matrix = {"officer": work, "commander": work, "leader": READ}
    changelist_queries = 12

    def make_row(self, ward):
        return factories.make_book(factories.make_team(ward), number=f"Q-{ward.code}")

    def search_term(self, row):
        return row.number
