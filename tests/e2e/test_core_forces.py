"""An officer enters a member of the core forces in a real browser (Debian's Chromium, a
1366×768 office screen, Vietnamese): from the admin index to the member's saved page; then finds
the member again by typing the name without accents."""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled

from core_forces.models import ForceMember
from tests import factories
from tests.e2e.conftest import PASSWORD

OFFICE = {"width": 1366, "height": 768}

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_enters_a_member_and_finds_it_without_accents(browser, live_server):
    ward = factories.make_ward(name="Phường 3", code="W3CF")
    officer = factories.make_officer(ward, username="canbo_lucluong", first_name="An")
    desk = browser.new_context(viewport=OFFICE, locale="vi-VN")
    page = desk.new_page()
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()

    # From the index: the app's section, its members list, "add".
    assert page.locator("html").get_attribute("lang") == "vi"
    section = page.locator("#content-main")
    assert "lực lượng nòng cốt" in section.inner_text().lower()  # CSS capitalises it
    page.get_by_role("link", name="Thành viên lực lượng", exact=True).first.click()
    page.wait_for_url(re.compile(r"/admin/core_forces/forcemember/$"))
    page.locator(".object-tools a.addlink").click()
    page.wait_for_url(re.compile(r"/admin/core_forces/forcemember/add/$"))
    page.fill("#id_full_name", "Lê Văn Lợi")
    page.select_option("#id_sex", "male")
    page.fill("#id_joined_on", "2021-03-01")
    page.fill("#id_date_of_birth", "1980-05-17")
    page.fill("#id_phone", "0912 345 678")
    page.fill("#id_national_id", "080123456789")
    page.locator("input[name=_save]").click()

    # The member's saved page, with the message at the top.
    page.wait_for_url(re.compile(r"/admin/core_forces/forcemember/\d+/change/$"))
    assert "Đã thêm Lê Văn Lợi" in page.locator("ul.messagelist").inner_text()
    with scopes_disabled():
        member = ForceMember.objects.get(full_name="Lê Văn Lợi")
    assert member.ward == ward and member.national_id == "080123456789"
    assert page.evaluate("document.documentElement.scrollWidth") <= OFFICE["width"]

    # Found again by the name typed without accents.
    page.goto(f"{live_server.url}/admin/core_forces/forcemember/")
    page.fill("#searchbar", "le van loi")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q=le"))
    page.get_by_role("link", name="Lê Văn Lợi").click()
    page.wait_for_url(re.compile(rf"/admin/core_forces/forcemember/{member.pk}/change/"))
    desk.close()
