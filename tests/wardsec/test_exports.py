"""Exports (wardsec.exports): the bytes are read back — XLSX with openpyxl, CSV with csv."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from tests.scopedapp.models import Widget
from tests.tips import factories
from tips.models import Tip
from wardsec import exports
from wardsec.admin import WardScopedAdmin
from wardsec.scoping import ALL_WARDS

INJECTIONS = ["=1+1", "+84 90", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x")']


@pytest.mark.parametrize("text", INJECTIONS)
def test_dangerous_first_characters_are_neutralised(text):
    assert exports.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Lê Lợi", "12 hẻm", "", "a=b", "x-1"])
def test_ordinary_text_is_kept(text):
    assert exports.neutralise(text) == text


def sheet_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def test_xlsx_keeps_types_and_writes_no_formula():
    when = datetime.datetime(2021, 3, 5, 6, 30)
    rows = [["=1+1", 278, Decimal("10.776889"), when, datetime.date(2021, 3, 5), None]]
    content = exports.write_xlsx(["a", "b", "c", "d", "e", "f"], rows)
    book = load_workbook(io.BytesIO(content))
    cells = list(book.active.iter_rows(min_row=2))[0]
    assert [c.data_type for c in cells[:2]] == ["s", "n"]
    assert cells[0].value == "'=1+1"
    assert cells[1].value == 278 and isinstance(cells[1].value, int)
    assert cells[2].value == pytest.approx(10.776889)
    assert cells[3].value == when and cells[3].number_format == exports.XLSX_DATETIME
    assert cells[4].value.date() == datetime.date(2021, 3, 5)
    assert cells[5].value is None


def test_csv_has_a_bom_and_neutralised_cells():
    content = exports.write_csv(["Mô tả", "Số"], [["=1+1", 3], ["Lê Lợi", None]])
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [["Mô tả", "Số"], ["'=1+1", "3"], ["Lê Lợi", ""]]


@pytest.fixture
def tip(ward_a):
    factories.ensure_catalogue()
    received = datetime.datetime(2021, 3, 4, 23, 30, tzinfo=datetime.UTC)  # 06:30 on 5 March
    return factories.make_tip(
        ward_a,
        description='=HYPERLINK("http://evil.example")',
        received_at=received,
        latitude=Decimal("10.776889"),
        longitude=Decimal("106.700806"),
        contact=factories.services.Contact(name="Trần Văn Bê", phone="0901234567"),
    )


def export(user, fmt: str) -> tuple[list[str], list[list]]:
    request = RequestFactory().get("/")
    request.user = user
    fields = ["received_at", "channel", "description", "latitude", "contact_phone", "pin_hash"]
    with scopes_disabled():
        response, objects = exports.export_response(
            request, Tip.objects.all(), fields=fields, fmt=fmt, filename="tip"
        )
    assert response["Content-Disposition"].startswith('attachment; filename="tip-')
    if fmt == "xlsx":
        rows = [list(row) for row in sheet_rows(response.content)]
    else:
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return rows[0], rows[1:]


@pytest.mark.django_db
def test_xlsx_export_local_time_numbers_labels_and_no_formula(officer_a, tip):
    headers, rows = export(officer_a, "xlsx")
    assert len(headers) == 5  # the secret pin_hash is never exported
    row = dict(zip(headers, rows[0], strict=True))
    values = list(row.values())
    assert values[0] == datetime.datetime(2021, 3, 5, 6, 30)  # Asia/Ho_Chi_Minh, not UTC
    assert values[1] == str(Tip(channel="web").get_channel_display())  # the label, not "web"
    assert values[2] == '\'=HYPERLINK("http://evil.example")'
    assert values[3] == pytest.approx(10.776889)
    assert "0901234567" in values  # the officer may read the contact


@pytest.mark.django_db
def test_csv_export_local_time(officer_a, tip):
    _headers, rows = export(officer_a, "csv")
    assert rows[0][0] == "2021-03-05 06:30"
    assert rows[0][2].startswith("'=HYPERLINK")


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_sensitive_fields_are_left_out_for_who_may_not_read_them(province_leader, tip, fmt):
    headers, rows = export(province_leader, fmt)
    phone_label = str(Tip._meta.get_field("contact_phone").verbose_name)
    pin_label = str(Tip._meta.get_field("pin_hash").verbose_name)
    assert phone_label not in headers and pin_label not in headers
    assert len(headers) == 4
    assert "0901234567" not in str(rows)


@pytest.mark.django_db
def test_secrets_are_left_out_even_for_a_superuser(superuser, tip):
    headers, _rows = export(superuser, "xlsx")
    assert str(Tip._meta.get_field("pin_hash").verbose_name) not in headers


class WidgetExportAdmin(WardScopedAdmin):  # WardScopedAdmin exports (ExportMixin)
    search_fields = ["name"]
    list_filter = ["ward"]


def lamps(ward, owner, n: int) -> None:
    with scopes_disabled():
        for i in range(n):
            Widget.objects.create(ward=ward, name=f"Đèn {i}", owner=owner)


@pytest.mark.django_db
def test_the_filtered_list_is_exported_in_a_constant_number_of_queries(
    superuser, ward_a, officer_a
):
    officer_a.last_name, officer_a.first_name = "Nguyễn Văn", "An"
    officer_a.save()
    with scopes_disabled():
        Widget.objects.create(ward=ward_a, name="Camera")
    model_admin = WidgetExportAdmin(Widget, admin.site)
    request = RequestFactory().get("/", {"q": "den"})  # the list as searched: "den" finds "Đèn"
    request.user, request.ward_ids = superuser, ALL_WARDS

    def run() -> tuple[list[tuple], int]:
        with scopes_disabled(), CaptureQueriesContext(connection) as queries:
            response = model_admin.export_view(request, "xlsx")
        return sheet_rows(response.content), len(queries)

    lamps(ward_a, officer_a, 2)
    rows, few = run()
    assert len(rows) == 1 + 2  # the header and the lamps the search found, not the camera
    lamps(ward_a, officer_a, 8)
    rows, many = run()
    assert len(rows) == 1 + 10 and many == few  # no query per row
    owner = rows[0].index(str(Widget._meta.get_field("owner").verbose_name))
    assert {row[owner] for row in rows[1:]} == {"Nguyễn Văn An"}  # people by name


def test_the_mixin_gives_a_url_and_two_actions():
    assert issubclass(WardScopedAdmin, exports.ExportMixin)
    model_admin = WidgetExportAdmin(Widget, admin.site)
    names = [pattern.name for pattern in model_admin.get_urls()]
    assert "scopedapp_widget_export" in names
    assert callable(model_admin.export_xlsx) and callable(model_admin.export_csv)


@pytest.mark.django_db
def test_an_officer_exports_the_filtered_list_of_their_ward_only(officer_a_client, ward_a, ward_b):
    from django.urls import reverse

    from wardsec.models import AuditAction, AuditEntry

    with scopes_disabled():
        Widget.objects.create(ward=ward_a, name="Đèn đường Lê Lợi")
        Widget.objects.create(ward=ward_a, name="Camera")
        Widget.objects.create(ward=ward_b, name="Đèn phường B")
    url = reverse("admin:scopedapp_widget_export", args=["xlsx"])
    response = officer_a_client.get(url, {"q": "den"})
    assert response.status_code == 200
    assert response["Content-Type"] == exports.FORMATS["xlsx"]
    names = {row[-1] for row in sheet_rows(response.content)[1:]}
    assert names == {"Đèn đường Lê Lợi"}  # searched, and never another ward's row
    with scopes_disabled():
        assert AuditEntry.objects.filter(action=AuditAction.EXPORT, ward=ward_a).count() == 1
    assert officer_a_client.get(url.replace("xlsx", "pdf")).status_code == 403


@pytest.mark.django_db
def test_the_xlsx_action_exports_the_selected_rows(officer_a_client, ward_a):
    from django.urls import reverse

    with scopes_disabled():
        chosen = Widget.objects.create(ward=ward_a, name="=cmd|' /C calc'!A0")
        Widget.objects.create(ward=ward_a, name="Không chọn")
    response = officer_a_client.post(
        reverse("admin:scopedapp_widget_changelist"),
        {"action": "export_xlsx", "_selected_action": [str(chosen.pk)], "index": 0},
    )
    rows = sheet_rows(response.content)
    assert [row[-1] for row in rows[1:]] == ["'=cmd|' /C calc'!A0"]


@pytest.mark.django_db
def test_the_list_page_links_its_filtered_export(officer_a_client, ward_a):
    from django.urls import reverse

    response = officer_a_client.get(reverse("admin:scopedapp_widget_changelist"), {"q": "den"})
    assert response.status_code == 200
    content = response.content.decode()
    for fmt in ("xlsx", "csv"):
        url = reverse("admin:scopedapp_widget_export", args=[fmt])
        assert f'href="{url}?q=den"' in content
