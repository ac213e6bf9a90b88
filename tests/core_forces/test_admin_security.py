"""Every core forces admin inherits the platform's admin security cases from its matrix: who
may open which page (lists, object pages, exports, the roster's workflow steps) in their own
ward, another ward's rows not found, the leader's province, pinned changelist query counts."""

from __future__ import annotations

import datetime

from django_scopes import scopes_disabled

from core_forces import models, services
from tests.core_forces import factories
from tests.platform.admin import ScopedAdminTestCase

READ = {"changelist", "view", "export"}


class TestForceUnitAdmin(ScopedAdminTestCase):
    model = models.ForceUnit
    matrix = {
        "officer": READ,
        "commander": {*READ, "add", "change", "appoint", "dissolve"},
        "leader": READ,
    }
    changelist_queries = 12

    def make_row(self, ward):
        return factories.make_unit(ward, name=f"Đội dân phòng {ward.name}")

    def make_listed_row(self, ward, n):
        return factories.make_unit(ward)

    def search_term(self, row):
        return row.name


class TestForceMemberAdmin(ScopedAdminTestCase):
    model = models.ForceMember
    work = {*READ, "add", "change"}
    matrix = {"officer": work, "commander": {*work, "leave"}, "leader": READ}
    changelist_queries = 12

    def make_row(self, ward):
        return factories.make_member(ward, full_name=f"Võ Văn {ward.name}")

    def make_listed_row(self, ward, n):
        member = factories.make_member(ward)
        factories.appoint(member, factories.make_unit(ward))
        return member

    def search_term(self, row):
        return row.full_name


class TestUnitMembershipAdmin(ScopedAdminTestCase):
    model = models.UnitMembership
    matrix = {"officer": READ, "commander": {*READ, "move", "release"}, "leader": READ}
    changelist_queries = 12

    def make_row(self, ward):
        member = factories.make_member(ward, full_name=f"Đặng Thị {ward.name}")
        return factories.appoint(member, factories.make_unit(ward))

    def ward_of(self, row):
        return row.unit.ward

    def search_term(self, row):
        return row.member.full_name


class TestTrainingCourseAdmin(ScopedAdminTestCase):
    model = models.TrainingCourse
    work = {*READ, "add", "change"}
    matrix = {"officer": work, "commander": work, "leader": READ}
    changelist_queries = 12

    def make_row(self, ward):
        return factories.make_course(ward, title=f"Tập huấn {ward.name}")

    def search_term(self, row):
        return row.title


class TestTrainingAttendanceAdmin(ScopedAdminTestCase):
    model = models.TrainingAttendance
    work = {*READ, "add"}
    matrix = {"officer": work, "commander": work, "leader": READ}
    changelist_queries = 12

    def make_row(self, ward):
        member = factories.make_member(ward, full_name=f"Bùi Văn {ward.name}")
        return factories.attend(factories.make_course(ward), member)

    def ward_of(self, row):
        return row.course.ward

    def search_term(self, row):
        return row.member.full_name


class TestPatrolAdmin(ScopedAdminTestCase):
    model = models.Patrol
    work = {*READ, "add", "record"}
    matrix = {"officer": work, "commander": work, "leader": READ}
    changelist_queries = 14  # + the date hierarchy's years

    def make_row(self, ward):
        unit = factories.make_unit(ward, "motorbike_patrol")
        with scopes_disabled():
            return services.schedule_patrol(
                unit=unit, actor=None, on=datetime.date(2021, 1, 4), route=f"Tuyến {ward.name}"
            )

    def make_listed_row(self, ward, n):
        patrol = self.make_row(ward)
        with scopes_disabled():
            member = factories.make_member(ward)
            return services.record_patrol(patrol=patrol, actor=None, participants=[member])

    def search_term(self, row):
        return row.route


class TestAllowanceRateAdmin(ScopedAdminTestCase):
    model = models.AllowanceRate
    matrix = {"officer": READ, "commander": {*READ, "add"}, "leader": READ}
    changelist_queries = 12

    def make_row(self, ward):
        with scopes_disabled():
            return services.set_allowance_rate(
                ward=ward,
                actor=None,
                role="member",
                amount_vnd=1_400_000,
                valid_from=datetime.date(2024, 7, 1),
                basis=f"Nghị quyết {ward.name}",
            )

    def make_listed_row(self, ward, n):
        with scopes_disabled():
            return services.set_allowance_rate(
                ward=ward,
                actor=None,
                role="leader",
                amount_vnd=n + 1,
                valid_from=datetime.date(2000 + n, 1, 1),
            )

    def search_term(self, row):
        return row.basis
