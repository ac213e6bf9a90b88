"""A tip's whole journey in a real browser (Debian's Chromium, phone-sized): an anonymous
citizen files a tip with a GPS-tagged photo, an officer of the ward replies from the admin, the
citizen reads the reply and adds information. Then: the stored photo has no EXIF, and no row of
any table holds the citizen's address or user agent."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django_scopes import scopes_disabled
from PIL import Image

from tests import factories
from tests.e2e.conftest import PASSWORD
from tips import codes
from tips.models import OffenceCategory, Tip, TipAttachment, TipMessage

PHONE = {"width": 390, "height": 844}
# The officer's browser says who it is; the citizen's is the browser's own, unchanged.
OFFICER_AGENT = "WardSec-e2e officer desk"
GPS_IFD = 0x8825

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def gps_jpeg(path) -> str:
    """A phone photo: EXIF camera data and a GPS position (Hồ Chí Minh City)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (10.0, 46.0, 30.0), 3: "E", 4: (106.0, 40.0, 5.0)})
    Image.new("RGB", (120, 90), (180, 40, 40)).save(path, format="JPEG", exif=exif)
    with Image.open(path) as check:  # the fixture itself must carry what we expect removed
        assert check.getexif().get_ifd(GPS_IFD)
    return str(path)


def rows_containing(needles: list[str], skip) -> list[str]:
    """Every row of every table (through the database's own catalogue) that contains one of
    `needles`, as "table: row"; `skip(table, row)` leaves out rows the test accounts for."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (names from the catalogue)
            columns = [column[0] for column in cursor.description]
            for values in cursor.fetchall():
                row = dict(zip(columns, values, strict=True))
                text = " ".join(_text(value) for value in values)
                if any(needle in text for needle in needles) and not skip(table, row):
                    found.append(f"{table}: {row}")
    return found


def _text(value) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def test_anonymous_tip_reply_and_addition(browser, live_server, settings, tmp_path):
    settings.WARDSEC_TIP_MIN_SECONDS = 0
    ward = factories.make_ward(name="Phường 3", code="W3E2E")
    officer = factories.make_officer(ward, username="canbo_p3", first_name="Minh")
    with scopes_disabled():
        # A transactional test may start after another one flushed the migrated catalogue.
        theft, _ = OffenceCategory.objects.get_or_create(
            code="theft", defaults={"name": "Trộm cắp tài sản", "penal_code_article": "173"}
        )
    photo = gps_jpeg(tmp_path / "IMG_20210720.jpg")

    # --- The citizen files an anonymous tip with the photo ------------------------------------
    citizen = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = citizen.new_page()
    user_agent = page.evaluate("navigator.userAgent")
    assert user_agent
    page.goto(f"{live_server.url}/bao-tin/")
    page.select_option("#id_ward", str(ward.pk))
    page.select_option("#id_category", str(theft.pk))
    page.fill("#id_description", "Hai thanh niên bẻ khóa xe máy trước nhà số 12, hẻm 5.")
    page.fill("#id_location_text", "Hẻm 5 đường Nguyễn Trãi")
    page.set_input_files("#id_photos", photo)
    page.get_by_role("button", name="Gửi tin báo").click()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    pin = page.get_by_test_id("pin").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}", code)
    assert re.fullmatch(r"\d{6}", pin)

    # --- An officer of the ward replies from the admin ----------------------------------------
    desk = browser.new_context(viewport=PHONE, locale="vi-VN", user_agent=OFFICER_AGENT)
    admin = desk.new_page()
    admin.goto(f"{live_server.url}/admin/")
    admin.fill("#id_username", officer.username)
    admin.fill("#id_password", PASSWORD)
    admin.locator("input[type=submit]").click()
    # The officer never sees the citizen's code: the tip is found by its words, and named by
    # its public reference number.
    with scopes_disabled():
        reference = Tip.objects.get(code_digest=codes.code_digest(code.replace("-", ""))).reference
    admin.goto(f"{live_server.url}/admin/tips/tip/?q=bẻ khóa xe máy")
    admin.get_by_role("link", name=reference).click()
    assert code not in admin.content()
    assert "Ẩn danh" in admin.get_by_test_id("tipster").inner_text()
    admin.locator("a[data-step=reply]").click()
    reply = "Công an phường đã tiếp nhận và đang xác minh. Cảm ơn bạn."
    admin.fill("#id_body", reply)
    admin.locator("input[name=_save]").click()
    # Back on the tip, the queue's search kept for the way back (wardsec.workflow).
    admin.wait_for_url(re.compile(r"/admin/tips/tip/\d+/change/\?_changelist_filters=q%3D"))
    assert "Đã gửi trả lời" in admin.locator("ul.messagelist").inner_text()
    assert reply in admin.locator(".wardsec-thread").inner_text()

    # --- The citizen reads the reply and adds information --------------------------------------
    page.goto(f"{live_server.url}/tra-cuu/")
    page.fill("#id_code", code.lower())
    page.fill("#id_pin", pin)
    page.get_by_role("button", name="Tra cứu").click()
    assert reply in page.locator(".thread").inner_text()
    addition = "Bổ sung: xe của họ là Wave màu xanh, biển số bắt đầu 62."
    page.fill("#id_body", addition)
    page.get_by_role("button", name="Gửi bổ sung").click()
    assert "Đã gửi thông tin bổ sung" in page.get_by_role("status").inner_text()
    assert addition in page.locator(".thread").inner_text()
    citizen.close()
    desk.close()

    # --- What was stored ------------------------------------------------------------------------
    with scopes_disabled():
        tip = Tip.objects.get(code_digest=codes.code_digest(code.replace("-", "")))
        assert tip.is_anonymous and not tip.has_contact() and tip.ward == ward
        kinds = list(TipMessage.objects.filter(tip=tip).values_list("kind", flat=True))
        assert kinds == ["public_reply", "citizen"]
        [attachment] = TipAttachment.objects.filter(tip=tip)
    with Image.open(attachment.file.path) as stored:
        assert not stored.getexif()
        assert "exif" not in stored.info
    with open(attachment.file.path, "rb") as raw:
        assert b"PhoneMaker" not in raw.read()

    def officer_login_record(table: str, row: dict) -> bool:
        """django-axes keeps the officer's own sign-in (their address, their browser): a staff
        login record, not the citizen's. Anything else carrying 127.0.0.1 is a leak."""
        return table.startswith("axes_") and row.get("username") == officer.username

    leaks = rows_containing(["127.0.0.1", user_agent], skip=officer_login_record)
    assert leaks == []
    assert rows_containing([user_agent], skip=lambda table, row: False) == []
