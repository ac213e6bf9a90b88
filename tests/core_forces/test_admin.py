"""The core forces in the admin: the commander's roster, the appoint / move / release pages,
personal data only with its permission (reads audited), accent-less search, the allowance sheet,
cross-ward isolation (the security matrix and the pinned list query counts of every admin are
in test_admin_security.py)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from core_forces import services
from core_forces.models import UnitMembership
from tests.core_forces import factories
from tests.platform.personas import client_for, user_with_permissions
from wardsec.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

IDENTITY = ("080123456789", "17/05/1980", "1980-05-17", "0912 345 678", "Đường Lê Lợi")


def url(model: str, view: str, *args) -> str:
    return reverse(f"admin:core_forces_{model}_{view}", args=args)


# --- Roster and workflow pages ----------------------------------------------------------------


def test_the_unit_page_is_its_roster_with_untrained_members_highlighted(
    commander_a_client, ward_a, unit_a, member_a
):
    untrained = factories.make_member(ward_a, full_name="Huỳnh Thị Chưa Học")
    factories.appoint(untrained, unit_a)
    factories.attend(factories.make_course(ward_a), member_a)
    page = commander_a_client.get(url("forceunit", "change", unit_a.pk)).content.decode()
    roster = page[page.index('id="roster"') :]
    assert "Lê Văn Lợi" in roster and "Huỳnh Thị Chưa Học" in roster
    assert roster.count("wardsec-untrained-row") == 1
    assert "Chưa tập huấn" in roster and "Đã tập huấn" in roster
    for step in ("appoint", "dissolve", "allowances"):
        assert f'data-step="{step}"' in page


def test_the_unit_page_counts_its_patrols_per_month(commander_a_client, ward_a, unit_a, member_a):
    today = timezone.localdate()
    with scopes_disabled():
        for _ in range(2):
            patrol = services.schedule_patrol(unit=unit_a, actor=None, on=today)
            services.record_patrol(patrol=patrol, actor=None, participants=[member_a])
    page = commander_a_client.get(url("forceunit", "change", unit_a.pk)).content.decode()
    counts = page[page.index('id="patrol-counts"') :]
    assert f"<td>{today:%Y-%m}</td><td>2</td>" in counts


def test_appoint_move_and_release_run_the_services_and_are_audited(
    commander_a_client, ward_a, unit_a, member_a
):
    newcomer = factories.make_member(ward_a, full_name="Phan Văn Mới")
    response = commander_a_client.post(
        url("forceunit", "appoint", unit_a.pk),
        {"member": newcomer.pk, "role": "deputy", "starts_on": "2021-02-01"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        appointed = UnitMembership.objects.get(member=newcomer)
    assert appointed.role == "deputy"
    other = factories.make_unit(ward_a, name="Đội dân phòng khu phố 2")
    response = commander_a_client.post(
        url("unitmembership", "move", appointed.pk), {"to_unit": other.pk, "on": "2021-03-01"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        moved = UnitMembership.objects.get(member=newcomer, ends_on__isnull=True)
        assert moved.unit == other
        current = member_a.memberships.get()
    response = commander_a_client.post(
        url("unitmembership", "release", current.pk), {"on": "2021-04-01", "reason": "Xin thôi"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        current.refresh_from_db()
        assert current.ends_on == datetime.date(2021, 4, 1)
        events = set(AuditEntry.objects.values_list("event", flat=True))
    assert {"force_membership.appointed", "force_membership.ended"} <= events


def test_a_refused_step_shows_the_services_reason_in_vietnamese(
    commander_a_client, unit_a, member_a
):
    with scopes_disabled():
        current = member_a.memberships.get()
    response = commander_a_client.post(
        url("unitmembership", "release", current.pk), {"on": "2019-01-01"}
    )
    assert response.status_code == 200
    assert "Ngày thôi phải sau ngày bắt đầu." in response.content.decode()
    response = commander_a_client.post(
        url("forcemember", "add"), {"full_name": "Ngô Văn Sai", "joined_on": "2999-01-01"}
    )
    assert "Ngày không được ở tương lai." in response.content.decode()


def test_an_officer_may_not_move_or_release(officer_a_client, member_a):
    with scopes_disabled():
        current = member_a.memberships.get()
    for step in ("move", "release"):
        response = officer_a_client.post(
            url("unitmembership", step, current.pk), {"on": "2021-04-01"}
        )
        assert response.status_code == 403
    with scopes_disabled():
        current.refresh_from_db()
    assert current.ends_on is None


def test_allowance_sheet_downloads_as_xlsx(commander_a_client, ward_a, unit_a, member_a):
    with scopes_disabled():
        services.set_allowance_rate(
            ward=ward_a,
            actor=None,
            role="leader",
            amount_vnd=1_800_000,
            valid_from=datetime.date(2019, 1, 1),
        )
    response = commander_a_client.get(
        url("forceunit", "allowances", unit_a.pk), {"year": 2021, "month": 2}
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][0] == "Lê Văn Lợi"
    assert rows[-1][-1] == 1_800_000  # the total
    assert "080123456789" not in str(rows)


# --- Personal data ----------------------------------------------------------------------------


@pytest.fixture
def viewer_client(ward_a):
    """An officer who may read members, but not their personal data."""
    return client_for(user_with_permissions(ward_a, "core_forces.view_forcemember"))


def test_without_the_permission_no_personal_data_anywhere(viewer_client, member_a):
    pages = [
        viewer_client.get(url("forcemember", "change", member_a.pk)),
        viewer_client.get(url("forcemember", "changelist")),
        viewer_client.get(url("forcemember", "export"), {}, follow=False)
        if False
        else viewer_client.get(reverse("admin:core_forces_forcemember_export", args=["csv"])),
    ]
    for response in pages:
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig")
        assert "Lê Văn Lợi" in text  # the checks below can fail
        for value in IDENTITY:
            assert value not in text
    found = viewer_client.get(url("forcemember", "changelist"), {"q": "080123456789"})
    assert "Lê Văn Lợi" not in found.content.decode()
    with scopes_disabled():
        assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


def test_with_the_permission_the_page_shows_it_and_the_read_is_audited(officer_a_client, member_a):
    response = officer_a_client.get(url("forcemember", "change", member_a.pk))
    assert "080123456789" in response.content.decode()
    with scopes_disabled():
        read = AuditEntry.objects.get(action=AuditAction.VIEW, object_id=str(member_a.pk))
    assert read.event == "force_member.identity.read"


def test_a_correction_logs_which_fields_changed_never_their_values(officer_a_client, member_a):
    response = officer_a_client.post(
        url("forcemember", "change", member_a.pk),
        {
            "full_name": "Lê Văn Lợi",
            "sex": "",
            "date_of_birth": "1980-05-17",
            "phone": "0987 654 321",
            "address": "12 Đường Lê Lợi, khu phố 1",
            "national_id": "080123456789",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        member_a.refresh_from_db()
        entry = AuditEntry.objects.get(event="force_member.corrected")
    assert member_a.phone == "0987 654 321"
    assert entry.changes == {"phone": ["***", "***"]}


# --- Search, isolation, query counts ----------------------------------------------------------


def test_search_without_accents_finds_the_member(officer_a_client, member_a):
    response = officer_a_client.get(url("forcemember", "changelist"), {"q": "le van loi"})
    assert "Lê Văn Lợi" in response.content.decode()
    response = officer_a_client.get(url("forcemember", "changelist"), {"q": "tran thi be"})
    assert "Lê Văn Lợi" not in response.content.decode()


def test_another_wards_records_are_not_found(officer_a_client, member_a, member_b, unit_b):
    listing = officer_a_client.get(url("forcemember", "changelist")).content.decode()
    assert "Lê Văn Lợi" in listing and "Trần Thị Bé" not in listing
    assert officer_a_client.get(url("forcemember", "change", member_b.pk)).status_code == 404
    assert officer_a_client.get(url("forceunit", "change", unit_b.pk)).status_code == 404
    with scopes_disabled():
        membership = member_b.memberships.get()
    assert officer_a_client.get(url("unitmembership", "release", membership.pk)).status_code in {
        403,
        404,
    }


def test_allowance_sheet_refusals(citizen, ward_a, commander_a_client, unit_a, unit_b):
    query = {"year": 2021, "month": 2}
    response = citizen.get(url("forceunit", "allowances", unit_a.pk), query)
    assert response.status_code == 302
    no_rates = client_for(user_with_permissions(ward_a, "core_forces.view_forceunit"))
    assert no_rates.get(url("forceunit", "allowances", unit_a.pk), query).status_code == 403
    assert (
        commander_a_client.get(url("forceunit", "allowances", unit_b.pk), query).status_code == 404
    )
    bad = commander_a_client.get(url("forceunit", "allowances", unit_a.pk), {"month": 13})
    assert bad.status_code == 404


def test_the_units_timeline_tells_its_story_in_vietnamese(
    commander_a_client, ward_a, unit_a, member_a
):
    with scopes_disabled():
        services.release(
            membership=member_a.memberships.get(), actor=None, on=datetime.date(2021, 5, 1)
        )
    page = commander_a_client.get(url("forceunit", "change", unit_a.pk)).content.decode()
    for label in ("Thành lập đơn vị", "Bổ nhiệm vào đơn vị", "Thôi giữ chức danh trong đơn vị"):
        assert label in page
    # The workflow buttons once, from the platform's change page.
    assert page.count('data-step="appoint"') == 1
