"""A province leader, in a real browser (Debian's Chromium, Vietnamese): signs in, requests the
demo ward's 2016–2021 report on /reports/, watches it finish and downloads the PDF, whose text
holds the seed article's figures."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from tests.conftest import require_service
from tests.reports.factories import restore_catalogues
from wards.models import Ward

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_leader_requests_the_2016_2021_report_and_downloads_the_pdf(
    browser, live_server, tmp_path
):
    require_service(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) is missing")
    restore_catalogues()
    call_command("load_demo", stdout=io.StringIO())
    with scopes_disabled():
        ward = Ward.objects.get(code="DEMO-P3")
    desk = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="vi-VN", accept_downloads=True
    )
    page = desk.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/reports/")
    page.fill("#id_username", "lanhdao")
    page.fill("#id_password", "lanhdao-tayninh-2025")
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/reports/$"))

    page.get_by_role("link", name="Yêu cầu lập báo cáo").click()
    page.wait_for_url(re.compile(r"/reports/new/$"))
    page.select_option("#id_scope", f"ward:{ward.pk}")
    page.fill("#id_start", "01/01/2016")
    page.fill("#id_end", "31/12/2021")
    page.locator("input[type=submit].default").click()

    # The report's page refreshes itself until the report is done.
    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    page.wait_for_selector('#report-status[data-status="done"]', timeout=120_000)
    with page.expect_download() as download:
        page.locator('#report-files a[data-format="pdf"]').click()
    assert download.value.suggested_filename == "bao-cao-phuong-3-2016-2021.pdf"
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    command = ["pdftotext", str(path), "-"]
    text = subprocess.run(command, capture_output=True, check=True).stdout.decode()  # noqa: S603
    text = " ".join(text.split())
    assert "278 tin" in text and "làm rõ 23 vụ, 29 đối tượng" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    desk.close()
