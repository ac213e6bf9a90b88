"""The record book: its ten columns filled from the records, the leader's summary, the cover
(with the district only before 1 July 2025), read back from the XLSX (openpyxl) and the PDF
(pdftotext); the admin download needs the parties' permission, stays in the ward and is
audited."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from mediation import record_book
from mediation.choices import DisputeStatus
from mediation.models import RecordBook
from tests.mediation import factories
from tests.platform.personas import client_for, user_with_permissions
from wardsec.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(ward_a, officer_a):
    with scopes_disabled():
        ward_a.district_name = "thị xã Kiến Tường"
        ward_a.save()
    team = factories.make_team(ward_a, name="Tổ hòa giải Khu phố 1")
    mediator = factories.make_mediator(team, full_name="Lâm Văn Hòa")
    won = factories.make_dispute(ward_a, received_on=datetime.date(2021, 3, 1), team=team)
    factories.make_session(won, mediators=[mediator], invited="Trưởng khu phố")
    factories.close(won, officer_a, agreement="Cắm lại mốc ranh giới.")
    lost = factories.make_dispute(
        ward_a, received_on=datetime.date(2021, 4, 2), team=team, summary="Nợ tiền không trả."
    )
    factories.make_session(lost, held_on=datetime.date(2021, 4, 3), demands="Đòi trả đủ ngay.")
    factories.close(
        lost, officer_a, DisputeStatus.UNSUCCESSFUL, closed_on=datetime.date(2021, 4, 5)
    )
    factories.make_dispute(ward_a, received_on=datetime.date(2020, 5, 1), team=team)  # other year
    made = factories.make_book(team, number="01/2021", year=2021)
    with scopes_disabled():
        return RecordBook.objects.select_related("ward__province", "team__neighbourhood").get(
            pk=made.pk
        )


def test_rows_fill_the_ten_columns(book):
    with scopes_disabled():
        built = record_book.build(book)
    assert len(record_book.column_titles()) == 10
    assert [row.number for row in built.rows] == [1, 2]
    first, second = built.rows
    assert first.received_on == datetime.date(2021, 3, 1)
    assert "Lâm Văn Hòa" in first.mediators and "Trưởng khu phố" in first.mediators
    assert "Nguyễn Văn An, 51 tuổi, 12 đường số 3" in first.parties
    assert first.content.startswith("Đất đai, ranh giới: ")
    assert first.agreement.startswith("Cắm lại mốc ranh giới.")
    assert (first.successful, first.unsuccessful) == ("x", "")
    assert (second.successful, second.unsuccessful) == ("", "x")
    assert second.agreement == "Đòi trả đủ ngay."
    assert "Hướng dẫn" in second.note
    assert built.counts["received"] == 2
    assert built.cover.district == "thị xã Kiến Tường"


def test_no_district_after_the_reform(book):
    with scopes_disabled():
        book.opened_on = datetime.date(2025, 7, 1)
        assert record_book.build(book).cover.district == ""


def test_xlsx_reads_back(book):
    with scopes_disabled():
        data = record_book.to_xlsx(record_book.build(book))
    workbook = load_workbook(io.BytesIO(data))
    cover, sheet = workbook.worksheets
    cover_text = [[c for c in row if c] for row in cover.iter_rows(values_only=True)]
    assert ["Tổ hòa giải", "Tổ hòa giải Khu phố 1"] in cover_text
    assert ["Quyển số", "01/2021"] in cover_text
    assert ["Quận/huyện/thị xã", "thị xã Kiến Tường"] in cover_text
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == record_book.column_titles()
    assert rows[2][0] == 1 and rows[2][1].date() == datetime.date(2021, 3, 1)
    assert rows[2][6] == "x" and rows[3][7] == "x"
    text = [row[0] for row in rows if row[0]]
    assert "PHẦN TỔNG HỢP CỦA TỔ TRƯỞNG" in text
    assert "Hòa giải thành: 1" in text


def _pdf_text(data: bytes, tmp_path) -> str:
    program = shutil.which("pdftotext")
    if program is None:
        import os

        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) is missing in CI")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "book.pdf"
    path.write_bytes(data)
    # A fixed program on a file this test wrote: no untrusted input.
    return subprocess.run(  # noqa: S603
        [program, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_has_the_cover_and_the_book(book, tmp_path):
    with scopes_disabled():
        data = record_book.to_pdf(record_book.build(book))
    assert data.startswith(b"%PDF")
    text = _pdf_text(data, tmp_path)
    cover, _sep, rest = text.partition("\f")
    assert "SỔ THEO DÕI HOẠT ĐỘNG HÒA GIẢI Ở CƠ SỞ" in cover
    assert "Tổ hòa giải Khu phố 1" in cover and "01/2021" in cover
    assert "Nguyễn Văn An" not in cover
    assert "Nguyễn Văn An" in rest and "Cắm lại mốc ranh giới." in rest
    assert "PHẦN TỔNG HỢP CỦA TỔ TRƯỞNG" in rest


def test_download_needs_the_parties_permission_stays_in_the_ward_and_is_audited(
    book, ward_a, officer_a, officer_b
):
    url = reverse("admin:mediation_recordbook_download", args=[book.pk, "xlsx"])
    answer = client_for(officer_a).get(url)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    with scopes_disabled():
        assert AuditEntry.objects.filter(
            action=AuditAction.EXPORT, event="record_book.exported", object_id=str(book.pk)
        ).exists()
    assert client_for(officer_a).get(url.replace("xlsx", "doc")).status_code == 404
    assert client_for(officer_b).get(url).status_code == 404
    viewer = user_with_permissions(ward_a, "mediation.view_recordbook")
    assert client_for(viewer).get(url).status_code == 403
    assert client_for(user_with_permissions(ward_a)).get(url).status_code == 403
    page = client_for(officer_a).get(reverse("admin:mediation_recordbook_change", args=[book.pk]))
    assert url.encode() in page.content
