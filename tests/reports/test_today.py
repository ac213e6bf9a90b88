"""The reports' part of "Việc hôm nay" (reports.today): reports of the user's scope being built
and those that failed, linked; the dashboard and the request form linked; nothing of another
ward; nothing without the permission; two queries."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from reports import today
from reports.choices import ReportStatus
from tests.platform.personas import user_with_permissions
from tests.platform.queries import assert_num_queries
from tests.reports.factories import make_report
from wardsec.scoping import ward_scope

pytestmark = [pytest.mark.django_db]

INDEX = reverse("admin:index")


def reports_section(response):
    assert response.status_code == 200
    found = [s for s in response.context["today_sections"] if s.title == "Báo cáo"]
    return found[0] if found else None


def test_building_and_failed_reports_of_the_users_ward_only(
    ward_a, ward_b, officer_a_client, commander_a_client
):
    make_report(ward_a, status=ReportStatus.FAILED, error="PDF: thiếu thư viện Pango")
    make_report(ward_a, status=ReportStatus.BUILDING)
    make_report(ward_a, status=ReportStatus.QUEUED)
    make_report(ward_a)  # done: not open work
    make_report(ward_b, status=ReportStatus.FAILED)
    make_report(ward_b, status=ReportStatus.BUILDING)
    section = reports_section(commander_a_client.get(INDEX))
    counts = {item.key: (item.count, item.url) for item in section.items}
    assert counts["failed"] == (1, reverse("reports:list") + "?status=failed")
    assert counts["building"] == (2, reverse("reports:list"))
    failed = commander_a_client.get(counts["failed"][1])
    assert failed.status_code == 200
    assert [r.status for r, _files in failed.context["rows"]] == [ReportStatus.FAILED]
    links = {link.key: link.url for link in section.links}
    assert links == {"overview": reverse("reports:overview"), "request": reverse("reports:request")}
    assert commander_a_client.get(links["overview"]).status_code == 200
    page = commander_a_client.get(INDEX).content.decode()
    assert f'href="{reverse("reports:overview")}"' in page


def test_a_user_who_may_not_request_sees_no_request_link(ward_a, client):
    viewer = user_with_permissions(ward_a, "reports.view_report")
    request = RequestFactory().get(INDEX)
    request.user = viewer
    with ward_scope(ward_a):
        section = today.section(request)
    assert [link.key for link in section.links] == ["overview"]


def test_nothing_without_the_permission_or_signed_out(no_perm_client, citizen, ward_a):
    make_report(ward_a, status=ReportStatus.FAILED)
    assert reports_section(no_perm_client.get(INDEX)) is None
    assert citizen.get(INDEX).status_code == 302


def test_two_queries_whatever_the_number_of_reports(ward_a, commander_a):
    request = RequestFactory().get(INDEX)
    request.user = commander_a
    commander_a.has_perm("reports.view_report")  # the permissions, read once per request
    for _ in range(5):
        make_report(ward_a, status=ReportStatus.FAILED)
    # the provinces the user leads (what a report's scope may be), then one count
    with ward_scope(ward_a), assert_num_queries(2):
        section = today.section(request)
    assert section.items[0].count == 5
