"""The report pages (`/reports/`): who sees what, requesting, progress, rebuild, comparison."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from reports.choices import ReportStatus
from reports.models import Report
from tests.platform.personas import client_for
from tests.reports.factories import make_report
from tests.tips.factories import make_tip

pytestmark = pytest.mark.django_db


@pytest.fixture
def tips(ward_a, ward_b):
    moment = datetime.datetime(2021, 5, 1, 9, tzinfo=timezone.get_default_timezone())
    for ward, n in ((ward_a, 3), (ward_b, 2)):
        for _ in range(n):
            make_tip(ward, received_at=moment)


def test_anonymous_and_without_permission(citizen, no_perm_client, ward_a):
    report = make_report(ward_a)
    for name, args in (
        ("list", []),
        ("request", []),
        ("detail", [report.pk]),
        ("compare", [report.pk]),
    ):
        url = reverse(f"reports:{name}", args=args)
        response = citizen.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], name
        assert no_perm_client.get(url).status_code == 403, name
    assert citizen.post(reverse("reports:rebuild", args=[report.pk])).status_code == 302
    assert no_perm_client.post(reverse("reports:rebuild", args=[report.pk])).status_code == 403


def test_the_list_holds_the_users_reports_and_filters(ward_a, ward_b, officer_a_client):
    own = make_report(ward_a, with_file=True)
    old = make_report(
        ward_a,
        start=datetime.date(2019, 1, 1),
        end=datetime.date(2019, 12, 31),
        status=ReportStatus.FAILED,
    )
    other = make_report(ward_b)
    page = officer_a_client.get(reverse("reports:list")).content.decode()
    assert f'data-report="{own.pk}"' in page and f'data-report="{old.pk}"' in page
    assert f'data-report="{other.pk}"' not in page
    assert reverse("reports:download", args=[own.pk, "pdf"]) in page
    assert reverse("reports:request") not in page  # officers do not request
    filtered = officer_a_client.get(reverse("reports:list"), {"year": 2019, "status": "failed"})
    assert f'data-report="{old.pk}"' in filtered.content.decode()
    assert f'data-report="{own.pk}"' not in filtered.content.decode()
    assert officer_a_client.get(reverse("reports:list"), {"year": "abc"}).status_code == 200
    assert officer_a_client.get(reverse("reports:request")).status_code == 403


def test_a_commander_requests_a_report_and_watches_it(
    django_capture_on_commit_callbacks, ward_a, ward_b, commander_a_client, tips
):
    form = commander_a_client.get(reverse("reports:request")).content.decode()
    assert f"ward:{ward_a.pk}" in form and f"ward:{ward_b.pk}" not in form
    data = {
        "scope": f"ward:{ward_a.pk}",
        "start": "01/01/2021",
        "end": "31/12/2021",
        "language": "vi",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = commander_a_client.post(reverse("reports:request"), data)
    with scopes_disabled():
        report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:detail", args=[report.pk]
    )
    assert report.status == ReportStatus.DONE and report.figures["tips"]["received"] == 3
    page = commander_a_client.get(response["Location"]).content.decode()
    assert 'data-status="done"' in page and 'http-equiv="refresh"' not in page
    for fmt in ("pdf", "docx", "xlsx", "json"):
        assert reverse("reports:download", args=[report.pk, fmt]) in page
    with django_capture_on_commit_callbacks(execute=True):
        commander_a_client.post(reverse("reports:rebuild", args=[report.pk]))
    with scopes_disabled():
        assert Report.objects.get(pk=report.pk).attempts == 2


def test_a_bad_request_is_answered_on_the_form(ward_a, ward_b, commander_a_client):
    data = {
        "scope": f"ward:{ward_a.pk}",
        "start": "31/12/2021",
        "end": "01/01/2021",
        "language": "vi",
    }
    page = commander_a_client.post(reverse("reports:request"), data).content.decode()
    assert "Ngày kết thúc không được trước ngày bắt đầu." in page
    data = {**data, "scope": f"ward:{ward_b.pk}", "start": "01/01/2021", "end": "31/12/2021"}
    response = commander_a_client.post(reverse("reports:request"), data)
    assert response.status_code == 200 and "errornote" in response.content.decode()
    with scopes_disabled():
        assert not Report.objects.exists()


def test_a_report_being_built_refreshes_its_page(ward_a, officer_a_client):
    report = make_report(ward_a, status=ReportStatus.BUILDING)
    assert (
        'http-equiv="refresh"'
        in officer_a_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    )


def test_a_leader_compares_the_provinces_wards(
    django_capture_on_commit_callbacks,
    province,
    ward_a,
    ward_b,
    ward_c,
    province_leader,
    officer_a_client,
    tips,
):
    leader = client_for(province_leader)
    data = {
        "scope": f"province:{province.pk}",
        "start": "01/01/2021",
        "end": "31/12/2021",
        "language": "vi",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = leader.post(reverse("reports:request"), data)
    assert response.status_code == 302, response.content.decode()
    with scopes_disabled():
        report = Report.province_reports.get()
    assert report.status == ReportStatus.DONE, report.error
    page = leader.get(reverse("reports:compare", args=[report.pk])).content.decode()
    assert "Phường A" in page and "Phường B" in page and "Phường C" not in page
    assert "Tin báo, vụ việc: tiếp nhận" in page
    assert officer_a_client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert officer_a_client.get(reverse("reports:compare", args=[report.pk])).status_code == 404
    ward_report = make_report(ward_a)
    assert leader.get(reverse("reports:compare", args=[ward_report.pk])).status_code == 404


def test_another_provinces_leader_finds_nothing(
    province, other_province, ward_a, ward_c, django_user_model
):
    from tests import factories

    report = make_report(province=province)
    far_leader = client_for(factories.make_leader(other_province, username="far_leader"))
    for name in ("detail", "compare"):
        assert far_leader.get(reverse(f"reports:{name}", args=[report.pk])).status_code == 404
    assert far_leader.post(reverse("reports:rebuild", args=[report.pk])).status_code == 404


def test_the_overview_compares_the_year_so_far_with_the_same_days_last_year(
    ward_a, ward_b, officer_a_client, citizen, no_perm_client
):
    today = timezone.localdate()
    zone = timezone.get_default_timezone()
    this_year = datetime.datetime(today.year, 1, 1, 9, tzinfo=zone)
    last_year = datetime.datetime(today.year - 1, 1, 1, 9, tzinfo=zone)
    for moment in (this_year, this_year, this_year, last_year, last_year):
        make_tip(ward_a, received_at=moment)
    make_tip(ward_b, received_at=this_year)  # another ward
    make_tip(
        ward_a,
        received_at=datetime.datetime(today.year - 1, 12, 31, 23, tzinfo=zone)
        if today.month < 12
        else last_year - datetime.timedelta(days=400),
    )
    url = reverse("reports:overview")
    page = officer_a_client.get(url).content.decode()
    row = page.split('data-key="received"')[1].split("</tr>")[0]
    assert "<td>3</td><td>2</td>" in row and "tăng 50 % so với cùng kỳ" in row
    assert "<svg" in row
    assert officer_a_client.get(url, {"scope": f"ward:{ward_b.pk}"}).status_code == 404
    assert citizen.get(url).status_code == 302
    assert no_perm_client.get(url).status_code == 403
