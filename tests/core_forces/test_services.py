"""The services' rules, whichever adapter calls them, and what they write to the audit log."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from core_forces import allowances, services
from core_forces.models import AllowanceRate, UnitMembership
from tests.core_forces import factories
from wardsec.models import AuditEntry

pytestmark = pytest.mark.django_db
D = datetime.date


def refused(field: str, call, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught, scopes_disabled():
        call(**kwargs)
    assert field in caught.value.message_dict, caught.value.message_dict
    return caught.value.message_dict[field][0]


def test_a_unit_is_founded_only_while_its_kind_is_in_law(ward_a):
    message = refused(
        "kind",
        services.found_unit,
        ward=ward_a,
        actor=None,
        kind=factories.kind("street_protection"),
        name="Tổ bảo vệ dân phố 2025",
        established_on=D(2024, 7, 1),
    )
    assert message == "Loại đơn vị này không được pháp luật quy định vào ngày thành lập."
    refused(
        "kind",
        services.found_unit,
        ward=ward_a,
        actor=None,
        kind=factories.kind("antt_protection"),
        name="Tổ bảo vệ ANTT sớm",
        established_on=D(2024, 6, 30),
    )
    assert factories.make_unit(ward_a, "antt_protection", established_on=D(2024, 7, 1))


def test_appointing_across_wards_or_outside_the_units_life_is_refused(ward_a, ward_b):
    unit = factories.make_unit(ward_a, established_on=D(2020, 1, 1))
    stranger = factories.make_member(ward_b)
    assert (
        refused(
            "unit",
            services.appoint,
            member=stranger,
            unit=unit,
            actor=None,
            role="member",
            starts_on=D(2021, 1, 1),
        )
        == "Chỉ phân công vào đơn vị của phường mình."
    )
    member = factories.make_member(ward_a, joined_on=D(2019, 1, 1))
    refused(
        "starts_on",
        services.appoint,
        member=member,
        unit=unit,
        actor=None,
        role="member",
        starts_on=D(2019, 6, 1),
    )
    refused(
        "role",
        services.appoint,
        member=member,
        unit=unit,
        actor=None,
        role="boss",
        starts_on=D(2021, 1, 1),
    )


def test_dissolving_ends_every_membership_and_names_the_successor(ward_a, ward_b):
    old = factories.make_unit(ward_a, "street_protection", established_on=D(2016, 1, 1))
    members = [factories.make_member(ward_a) for _ in range(3)]
    for member in members:
        factories.appoint(member, old, starts_on=D(2020, 1, 1))
    elsewhere = factories.make_unit(ward_b, "antt_protection", established_on=D(2024, 7, 1))
    refused(
        "reorganised_into",
        services.dissolve_unit,
        unit=old,
        actor=None,
        on=D(2024, 7, 1),
        reorganised_into=elsewhere,
    )
    new = factories.make_unit(ward_a, "antt_protection", established_on=D(2024, 7, 1))
    with scopes_disabled():
        services.dissolve_unit(unit=old, actor=None, on=D(2024, 7, 1), reorganised_into=new)
        old.refresh_from_db()
        ends = set(UnitMembership.objects.filter(unit=old).values_list("ends_on", flat=True))
    assert old.reorganised_into == new
    assert ends == {D(2024, 7, 1)}
    refused("on", services.dissolve_unit, unit=old, actor=None, on=D(2025, 1, 1))


def test_leaving_the_force_ends_all_memberships_and_keeps_them(ward_a):
    member = factories.make_member(ward_a)
    for _ in range(2):
        factories.appoint(member, factories.make_unit(ward_a))
    with scopes_disabled():
        services.member_leaves(member=member, actor=None, on=D(2022, 3, 1), reason="Chuyển nơi ở")
        rows = list(member.memberships.values_list("ends_on", "end_reason"))
    assert rows == [(D(2022, 3, 1), "Chuyển nơi ở")] * 2


def test_personal_data_rules_and_the_log_never_holds_the_values(ward_a):
    assert (
        refused(
            "national_id",
            services.enrol_member,
            ward=ward_a,
            actor=None,
            full_name="A",
            joined_on=D(2020, 1, 1),
            national_id="12345",
        )
        == "Số định danh cá nhân (CCCD) gồm đúng 12 chữ số."
    )
    refused(
        "phone",
        services.enrol_member,
        ward=ward_a,
        actor=None,
        full_name="A",
        joined_on=D(2020, 1, 1),
        phone="gọi tôi",
    )
    refused(
        "date_of_birth",
        services.enrol_member,
        ward=ward_a,
        actor=None,
        full_name="A",
        joined_on=D(2020, 1, 1),
        date_of_birth=D(1800, 1, 1),
    )
    factories.make_member(ward_a, national_id="080111222333", phone="0909 111 222")
    with scopes_disabled():
        logged = str(list(AuditEntry.objects.values_list("changes", flat=True)))
    assert "080111222333" not in logged and "0909 111 222" not in logged
    # The same number twice in one ward is refused.
    refused(
        "__all__",
        services.enrol_member,
        ward=ward_a,
        actor=None,
        full_name="B",
        joined_on=D(2020, 1, 1),
        national_id="080111222333",
    )


def test_a_certificate_only_for_a_pass_and_expiring_after_the_course(ward_a):
    course = factories.make_course(ward_a, ends_on=D(2020, 6, 3))
    member = factories.make_member(ward_a)
    refused(
        "certificate_number",
        services.record_attendance,
        course=course,
        member=member,
        actor=None,
        result="failed",
        certificate_number="X-1",
    )
    refused(
        "certificate_expires_on",
        services.record_attendance,
        course=course,
        member=member,
        actor=None,
        result="passed",
        certificate_expires_on=D(2020, 6, 1),
    )
    factories.attend(course, member)
    refused(
        "member",
        services.record_attendance,
        course=course,
        member=member,
        actor=None,
        result="passed",
    )


def test_a_new_rate_ends_the_one_it_replaces_and_the_sheet_uses_the_months_rate(
    ward_a, unit_a, member_a
):
    with scopes_disabled():
        services.set_allowance_rate(
            ward=ward_a, actor=None, role="leader", amount_vnd=1_000_000, valid_from=D(2020, 1, 1)
        )
        services.set_allowance_rate(
            ward=ward_a, actor=None, role="leader", amount_vnd=1_300_000, valid_from=D(2021, 7, 1)
        )
        # A rate for the unit's own kind beats the general one.
        services.set_allowance_rate(
            ward=ward_a,
            actor=None,
            role="leader",
            amount_vnd=1_500_000,
            valid_from=D(2021, 9, 1),
            kind=unit_a.kind,
        )
        old = AllowanceRate.objects.get(amount_vnd=1_000_000)
        june = allowances.allowance_sheet(unit=unit_a, year=2021, month=6)
        july = allowances.allowance_sheet(unit=unit_a, year=2021, month=7)
        september = allowances.allowance_sheet(unit=unit_a, year=2021, month=9)
        unpaid_role = factories.make_member(ward_a)
        factories.appoint(unpaid_role, unit_a, role="deputy", starts_on=D(2021, 9, 11))
        september_again = allowances.allowance_sheet(unit=unit_a, year=2021, month=9)
    assert old.valid_until == D(2021, 7, 1)
    assert (june.total_vnd, july.total_vnd, september.total_vnd) == (
        1_000_000,
        1_300_000,
        1_500_000,
    )
    deputy = next(line for line in september_again.lines if line.role.startswith("Tổ phó"))
    assert (deputy.days, deputy.rate_vnd, deputy.amount_vnd) == (20, None, 0)
    assert allowances.sheet_xlsx(september_again)[:2] == b"PK"
    refused(
        "valid_from",
        services.set_allowance_rate,
        ward=ward_a,
        actor=None,
        role="leader",
        amount_vnd=1,
        valid_from=D(2021, 1, 1),
        kind=unit_a.kind,
    )
