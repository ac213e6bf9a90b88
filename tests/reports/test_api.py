"""The reports API on the platform's security cases, and the download pages: another ward's
report 404, another province's leader 404, anonymous sent to sign in; downloads audited."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from reports.models import Report
from tests.platform.admin import ScopedAdminTestCase, changelist_ids
from tests.platform.api import Action, ScopedAPITestCase
from tests.platform.personas import client_for
from tests.reports.factories import make_report
from wardsec.models import AuditEntry


class TestReportEndpoint(ScopedAPITestCase):
    basename = "report"
    matrix = {
        "officer": {"list", "retrieve", "download"},
        "commander": {"list", "retrieve", "create", "rebuild", "download"},
        "leader": {"list", "retrieve", "create", "rebuild", "download"},
    }
    actions = (
        Action("rebuild"),
        Action("download", method="get", view_suffices=True),
    )
    list_queries = 12  # the scope and the led provinces are read twice (list and count)

    def make_row(self, ward):
        return make_report(ward, with_file=True)

    def create_payload(self, ward):
        return {"kind": "ward", "ward": ward.code, "start": "2021-01-01", "end": "2021-12-31"}

    def search_term(self, row):
        return None

    def filter_params(self, row):
        return {"ward": row.ward.code, "year": 2021}


@pytest.mark.django_db
class TestProvinceReports:
    def test_a_leader_sees_the_provinces_report_and_its_wards_do_not(
        self, province, other_province, ward_a, ward_c, province_leader, officer_a_client
    ):
        own = make_report(province=province)
        other = make_report(province=other_province)
        leader = client_for(province_leader)
        ids = {row["id"] for row in leader.get(reverse("report-list")).json()["results"]}
        assert own.pk in ids and other.pk not in ids
        assert leader.get(reverse("report-detail", args=[other.pk])).status_code == 404
        listed = officer_a_client.get(reverse("report-list")).json()["results"]
        assert own.pk not in {row["id"] for row in listed}
        assert officer_a_client.get(reverse("report-detail", args=[own.pk])).status_code == 404

    def test_a_leader_requests_the_province_report(self, province, other_province, province_leader):
        leader = client_for(province_leader)
        body = {
            "kind": "province",
            "province": province.code,
            "start": "2021-01-01",
            "end": "2021-12-31",
        }
        response = leader.post(reverse("report-list"), body, content_type="application/json")
        assert response.status_code == 201, response.content
        assert response.json()["kind"] == "province" and response.json()["ward"] is None
        body["province"] = other_province.code
        response = leader.post(reverse("report-list"), body, content_type="application/json")
        assert response.status_code == 400
        assert "province" in response.json()

    def test_bad_periods_answer_400_in_vietnamese(self, ward_a, commander_a_client):
        body = {"kind": "ward", "ward": ward_a.code, "start": "2021-12-31", "end": "2021-01-01"}
        response = commander_a_client.post(
            reverse("report-list"), body, content_type="application/json"
        )
        assert response.status_code == 400
        assert response.json() == {"end": ["Ngày kết thúc không được trước ngày bắt đầu."]}


@pytest.mark.django_db
class TestDownloadPage:
    def url(self, report, fmt="pdf"):
        return reverse("reports:download", args=[report.pk, fmt])

    def test_own_ward_downloads_an_attachment_and_it_is_audited(self, ward_a, officer_a_client):
        report = make_report(ward_a, with_file=True)
        response = officer_a_client.get(self.url(report))
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="bao-cao-phuong-a-2021.pdf"'
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        with scopes_disabled():
            assert AuditEntry.objects.filter(event="report_downloaded", ward=ward_a).count() == 1
        assert officer_a_client.get(self.url(report, "docx")).status_code == 404  # not written

    def test_refusals(
        self, ward_a, ward_b, ward_c, citizen, officer_a_client, no_perm_client, province_leader
    ):
        own, other, far = (make_report(w, with_file=True) for w in (ward_a, ward_b, ward_c))
        assert officer_a_client.get(self.url(other)).status_code == 404
        leader = client_for(province_leader)
        assert leader.get(self.url(other)).status_code == 200  # same province
        assert leader.get(self.url(far)).status_code == 404  # another province
        anonymous = citizen.get(self.url(own))
        assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
        assert no_perm_client.get(self.url(own)).status_code == 403
        assert officer_a_client.get(self.url(own, "exe")).status_code == 404


class TestReportAdmin(ScopedAdminTestCase):
    model = Report
    matrix = {
        "officer": {"changelist", "view", "export"},
        "commander": {"changelist", "view", "export"},
        "leader": {"changelist", "view", "export"},
    }
    changelist_queries = 12

    def make_row(self, ward):
        return make_report(ward, with_file=True)

    def search_term(self, row):
        return row.ward.name


@pytest.mark.django_db
def test_the_admin_links_the_files_and_lists_province_reports_to_leaders(
    province, other_province, ward_a, province_leader, officer_a_client
):
    ward_report = make_report(ward_a, with_file=True)
    own, other = make_report(province=province), make_report(province=other_province)
    url = reverse("admin:reports_report_changelist")
    leader_ids = changelist_ids(client_for(province_leader).get(url))
    assert {ward_report.pk, own.pk} <= leader_ids and other.pk not in leader_ids
    response = officer_a_client.get(url)
    assert changelist_ids(response) == {ward_report.pk}
    assert reverse("reports:download", args=[ward_report.pk, "pdf"]) in response.content.decode()
