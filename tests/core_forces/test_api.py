"""The core forces API: every endpoint inherits the platform's security cases from its
permission matrix; then personal data, bad input in Vietnamese and constant query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from core_forces import services
from tests import factories as base_factories
from tests.core_forces import factories
from tests.platform.api import Action, ScopedAPITestCase
from wardsec.models import AuditAction, AuditEntry

READ = {"list", "retrieve"}
DAY = "2021-01-04"


def today() -> str:
    return timezone.localdate().isoformat()


class TestForceUnitEndpoint(ScopedAPITestCase):
    basename = "forceunit"
    matrix = {
        "officer": {*READ, "allowances"},
        "commander": {*READ, "create", "dissolve", "allowances"},
        "leader": {*READ, "allowances"},
    }
    ward_role = "commander"
    actions = (
        Action("dissolve", payload=lambda unit: {"on": today()}),
        Action("allowances", "get"),
    )

    list_queries = 11  # + the neighbourhoods of the page's units, in one query

    def make_row(self, ward):
        return factories.make_unit(ward, name=f"Đội dân phòng {ward.name}")

    def make_listed_row(self, ward, n):
        with scopes_disabled():
            areas = [base_factories.make_neighbourhood(ward, name=f"Ấp {n}")]
        return factories.make_unit(ward, neighbourhoods=areas)

    def create_payload(self, ward):
        return {
            "ward": ward.code,
            "kind": "civil_defence",
            "name": "Đội mới",
            "established_on": DAY,
        }


class TestForceMemberEndpoint(ScopedAPITestCase):
    basename = "forcemember"
    work = {*READ, "create", "update", "identity"}
    matrix = {"officer": work, "commander": {*work, "leave"}, "leader": READ}
    actions = (Action("identity", "get"), Action("leave", payload=lambda m: {"on": today()}))

    list_queries = 10

    def make_row(self, ward):
        return factories.make_member(ward, full_name=f"Võ Văn {ward.name}", phone="0912345678")

    def create_payload(self, ward):
        return {"ward": ward.code, "full_name": "Phạm Văn Mới", "joined_on": DAY}

    def update_payload(self, row):
        return {"full_name": "Phạm Văn Đã Sửa"}

    def search_term(self, row):
        return row.full_name


def _unit_of(membership):
    return membership.unit.ward


class TestUnitMembershipEndpoint(ScopedAPITestCase):
    basename = "unitmembership"
    matrix = {
        "officer": READ,
        "commander": {*READ, "create", "move", "release"},
        "leader": READ,
    }
    ward_role = "commander"
    actions = (
        Action(
            "move",
            payload=lambda m: {"to_unit": factories.make_unit(_unit_of(m)).pk, "on": today()},
        ),
        Action("release", payload=lambda m: {"on": today(), "reason": "Chuyển công tác"}),
    )

    list_queries = 10

    def make_row(self, ward):
        member = factories.make_member(ward, full_name=f"Đặng Thị {ward.name}")
        return factories.appoint(member, factories.make_unit(ward))

    def create_payload(self, ward):
        return {
            "member": factories.make_member(ward).pk,
            "unit": factories.make_unit(ward).pk,
            "role": "member",
            "starts_on": DAY,
        }

    def ward_of(self, row):
        return row.unit.ward

    def search_term(self, row):
        return row.member.full_name

    def filter_params(self, row):
        return {"ward": row.unit.ward.code}


class TestTrainingCourseEndpoint(ScopedAPITestCase):
    basename = "trainingcourse"
    matrix = {"officer": {*READ, "create"}, "commander": {*READ, "create"}, "leader": READ}

    list_queries = 11  # + the topics of the page's courses, in one query

    def make_row(self, ward):
        return factories.make_course(ward, title=f"Tập huấn {ward.name}")

    def create_payload(self, ward):
        return {
            "ward": ward.code,
            "title": "Tập huấn nghiệp vụ",
            "topics": ["duties", "skills"],
            "starts_on": DAY,
            "ends_on": DAY,
            "hours": 8,
        }

    def search_term(self, row):
        return row.title


class TestTrainingAttendanceEndpoint(ScopedAPITestCase):
    basename = "trainingattendance"
    matrix = {"officer": {*READ, "create"}, "commander": {*READ, "create"}, "leader": READ}

    list_queries = 10

    def make_row(self, ward):
        member = factories.make_member(ward, full_name=f"Bùi Văn {ward.name}")
        return factories.attend(factories.make_course(ward), member)

    def create_payload(self, ward):
        return {
            "course": factories.make_course(ward).pk,
            "member": factories.make_member(ward).pk,
            "result": "passed",
        }

    def ward_of(self, row):
        return row.course.ward

    def search_term(self, row):
        return row.member.full_name

    def filter_params(self, row):
        return {"ward": row.course.ward.code}


def _patrol(ward, **overrides):
    unit = factories.make_unit(ward, "motorbike_patrol")
    with scopes_disabled():
        return services.schedule_patrol(
            unit=unit, actor=None, on=datetime.date(2021, 1, 4), route=f"Tuyến {ward.name}"
        )


class TestPatrolEndpoint(ScopedAPITestCase):
    basename = "patrol"
    work = {*READ, "create", "record", "counts"}
    matrix = {"officer": work, "commander": work, "leader": {*READ, "counts"}}
    actions = (
        Action("counts", "get", detail=False, view_suffices=True),
        Action(
            "record",
            payload=lambda p: {
                "participants": [factories.make_member(p.ward).pk],
                "report": "Bình thường.",
                "tip_reference": "tb 2021 12",
            },
        ),
    )

    list_queries = 11  # + the participants of the page's patrols, in one query

    def make_row(self, ward):
        return _patrol(ward)

    def make_listed_row(self, ward, n):
        patrol = _patrol(ward)
        with scopes_disabled():
            member = factories.make_member(ward)
            return services.record_patrol(patrol=patrol, actor=None, participants=[member])

    def create_payload(self, ward):
        return {"unit": factories.make_unit(ward).pk, "on": DAY, "route": "Khu phố 1"}

    def search_term(self, row):
        return row.route


class TestAllowanceRateEndpoint(ScopedAPITestCase):
    basename = "allowancerate"
    matrix = {"officer": READ, "commander": {*READ, "create"}, "leader": READ}
    ward_role = "commander"

    list_queries = 10

    def make_listed_row(self, ward, n):
        with scopes_disabled():
            return services.set_allowance_rate(
                ward=ward,
                actor=None,
                role="leader",
                amount_vnd=n,
                valid_from=datetime.date(2000 + n, 1, 1),
            )

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

    def create_payload(self, ward):
        return {"ward": ward.code, "role": "leader", "amount_vnd": 1_800_000, "valid_from": DAY}

    def search_term(self, row):
        return row.basis


# --- Personal data ----------------------------------------------------------------------------


def member_url(member, suffix="detail"):
    return reverse(f"forcemember-{suffix}", args=[member.pk])


@pytest.mark.django_db
def test_member_shapes_hold_no_personal_data(officer_a_client, member_a):
    for response in (
        officer_a_client.get(reverse("forcemember-list")),
        officer_a_client.get(member_url(member_a)),
        officer_a_client.get(reverse("unitmembership-list")),
    ):
        text = response.content.decode()
        assert response.status_code == 200
        assert "Lê Văn Lợi" in text  # the check below can fail
        for value in ("080123456789", "1980-05-17", "0912 345 678", "Đường Lê Lợi"):
            assert value not in text


@pytest.mark.django_db
def test_identity_needs_the_permission_and_every_read_is_audited(
    officer_a_client, leader_client, ward_a, member_a
):
    from tests.platform.personas import client_for, user_with_permissions

    viewer = client_for(user_with_permissions(ward_a, "core_forces.view_forcemember"))
    assert viewer.get(member_url(member_a, "identity")).status_code == 403
    assert leader_client.get(member_url(member_a, "identity")).status_code == 403
    response = officer_a_client.get(member_url(member_a, "identity"))
    assert response.status_code == 200
    assert response.json()["national_id"] == "080123456789"
    assert response["Cache-Control"] == "no-store"
    with scopes_disabled():
        reads = AuditEntry.objects.filter(
            action=AuditAction.VIEW, event="force_member.identity.read", object_id=str(member_a.pk)
        )
        assert reads.count() == 1
        # The log itself holds no personal value.
        assert "080123456789" not in str(list(AuditEntry.objects.values_list("changes", flat=True)))


@pytest.mark.django_db
def test_search_by_national_id_finds_nothing(officer_a_client, member_a):
    response = officer_a_client.get(reverse("forcemember-list"), {"search": "080123456789"})
    assert response.json()["count"] == 0


# --- Bad input, in Vietnamese -----------------------------------------------------------------


@pytest.mark.django_db
def test_bad_input_answers_in_vietnamese_with_field_keys(
    officer_a_client, commander_a_client, ward_a
):
    response = officer_a_client.post(
        reverse("forcemember-list"),
        {"full_name": "Ngô Văn Sai", "joined_on": "2999-01-01", "national_id": "12ab"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["joined_on"] == ["Ngày không được ở tương lai."]
    response = officer_a_client.post(
        reverse("forcemember-list"),
        {"full_name": "Ngô Văn Sai", "joined_on": DAY, "national_id": "12ab", "phone": "abc"},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) >= {"phone"} or set(body) >= {"national_id"}
    response = commander_a_client.post(
        reverse("forceunit-list"),
        {
            "kind": "street_protection",
            "name": "Tổ bảo vệ dân phố mới",
            "established_on": "2025-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "không được pháp luật quy định" in response.json()["kind"][0]


@pytest.mark.django_db
def test_appointing_twice_and_releasing_before_the_start_are_refused(
    commander_a_client, member_a, unit_a
):
    with scopes_disabled():
        membership = member_a.memberships.get()
    response = commander_a_client.post(
        reverse("unitmembership-list"),
        {"member": member_a.pk, "unit": unit_a.pk, "role": "member", "starts_on": DAY},
        content_type="application/json",
    )
    assert response.json() == {"member": ["Người này đang là thành viên của đơn vị."]}
    response = commander_a_client.post(
        reverse("unitmembership-release", args=[membership.pk]),
        {"on": "2019-01-01"},
        content_type="application/json",
    )
    assert response.json() == {"on": ["Ngày thôi phải sau ngày bắt đầu."]}


@pytest.mark.django_db
def test_move_keeps_the_history(commander_a_client, ward_a, member_a, unit_a):
    other = factories.make_unit(ward_a, name="Đội dân phòng khu phố 2")
    with scopes_disabled():
        first = member_a.memberships.get()
    response = commander_a_client.post(
        reverse("unitmembership-move", args=[first.pk]),
        {"to_unit": other.pk, "on": DAY, "role": "deputy"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["unit"] == other.pk
    assert response.json()["role"] == "deputy"
    with scopes_disabled():
        rows = list(member_a.memberships.order_by("starts_on").values_list("unit", "ends_on"))
    assert rows == [(unit_a.pk, datetime.date(2021, 1, 4)), (other.pk, None)]


@pytest.mark.django_db
def test_patrol_keeps_the_tips_public_reference(officer_a_client, ward_a, member_a):
    patrol = _patrol(ward_a)
    url = reverse("patrol-record", args=[patrol.pk])
    bad = officer_a_client.post(
        url,
        {"participants": [member_a.pk], "tip_reference": "abc"},
        content_type="application/json",
    )
    assert bad.json() == {"tip_reference": ["Số tham chiếu tin báo có dạng TB-2021-000123."]}
    response = officer_a_client.post(
        url,
        {
            "participants": [member_a.pk],
            "report": "Bắt quả tang trộm xe",
            "tip_reference": "tb 2021 7",
        },
        content_type="application/json",
    )
    assert response.json()["tip_reference"] == "TB-2021-000007"
    assert response.json()["status"] == "done"


@pytest.mark.django_db
def test_allowance_sheet_is_pro_rata(commander_a_client, ward_a, unit_a, member_a):
    with scopes_disabled():
        services.set_allowance_rate(
            ward=ward_a,
            actor=None,
            role="leader",
            amount_vnd=1_500_000,
            valid_from=datetime.date(2019, 1, 1),
        )
        services.release(
            membership=member_a.memberships.get(), actor=None, on=datetime.date(2021, 6, 16)
        )
    response = commander_a_client.get(
        reverse("forceunit-allowances", args=[unit_a.pk]), {"year": 2021, "month": 6}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["total_vnd"] == 750_000  # 15 of 30 days
    assert body["lines"][0]["days"] == 15
    bad = commander_a_client.get(reverse("forceunit-allowances", args=[unit_a.pk]), {"month": 13})
    assert bad.status_code == 400


@pytest.mark.django_db
def test_patrol_counts_per_unit_and_month(officer_a_client, ward_a, ward_b, member_a):
    unit = factories.make_unit(ward_a, "motorbike_patrol", name="Đội tuần tra xe mô tô")
    with scopes_disabled():
        for day in (
            datetime.date(2021, 1, 4),
            datetime.date(2021, 1, 20),
            datetime.date(2021, 2, 1),
        ):
            patrol = services.schedule_patrol(unit=unit, actor=None, on=day)
            services.record_patrol(patrol=patrol, actor=None, participants=[member_a])
        services.schedule_patrol(unit=unit, actor=None, on=datetime.date(2021, 2, 8))  # not done
    _patrol(ward_b)  # another ward's
    response = officer_a_client.get(reverse("patrol-counts"), {"on_after": "2021-01-01"})
    assert response.status_code == 200
    assert response.json() == [
        {"unit": unit.pk, "unit_name": "Đội tuần tra xe mô tô", "month": "2021-01", "patrols": 2},
        {"unit": unit.pk, "unit_name": "Đội tuần tra xe mô tô", "month": "2021-02", "patrols": 1},
    ]
