"""An officer enters an outreach session in a real browser (Debian's Chromium, a 1366×768
office screen, Vietnamese): from the admin index to the session's saved page, with the day
already today and the officer in charge already chosen; then finds the session again by typing
its title without accents."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from campaigns.catalogue import ensure_catalogue
from campaigns.models import OutreachSession
from tests import factories
from tests.e2e.conftest import PASSWORD

OFFICE = {"width": 1366, "height": 768}

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_enters_a_session_and_finds_it_without_accents(browser, live_server):
    with scopes_disabled():
        ensure_catalogue()  # a transactional test starts from flushed tables
    ward = factories.make_ward(name="Phường 3", code="W3TT")
    officer = factories.make_officer(ward, username="canbo_tuyentruyen", first_name="An")
    desk = browser.new_context(viewport=OFFICE, locale="vi-VN")
    page = desk.new_page()
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()

    # From the index: the app's section, its sessions list, "add".
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "tuyên truyền, vận động" in page.locator("#content-main").inner_text().lower()
    page.get_by_role("link", name="Buổi tuyên truyền", exact=True).first.click()
    page.wait_for_url(re.compile(r"/admin/campaigns/outreachsession/$"))
    page.locator(".object-tools a.addlink").click()
    page.wait_for_url(re.compile(r"/admin/campaigns/outreachsession/add/$"))
    # Entered at a desk after the session: today and the officer are filled in.
    assert page.input_value("#id_held_on") == timezone.localdate().isoformat()
    assert page.input_value("#id_officer") == str(officer.pk)
    page.select_option("#id_format", label="Họp dân, hội nghị")
    page.fill("#id_title", "Tuyên truyền phòng, chống ma túy ở khu phố Cái Cát")
    page.get_by_label("Phòng, chống ma túy", exact=True).check()
    page.fill("#id_attendances", "46")
    page.locator("input[name=_save]").click()

    # The session's saved page, with the message at the top.
    page.wait_for_url(re.compile(r"/admin/campaigns/outreachsession/\d+/change/$"))
    assert "Đã ghi buổi tuyên truyền" in page.locator("ul.messagelist").inner_text()
    with scopes_disabled():
        session = OutreachSession.objects.get(attendances=46)
    assert session.ward == ward and session.officer == officer
    assert page.evaluate("document.documentElement.scrollWidth") <= OFFICE["width"]

    # Found again by the title typed without accents.
    page.goto(f"{live_server.url}/admin/campaigns/outreachsession/")
    page.fill("#searchbar", "phong chong ma tuy o khu pho cai cat")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q=phong"))
    page.locator("#result_list tbody a").first.click()
    page.wait_for_url(re.compile(rf"/admin/campaigns/outreachsession/{session.pk}/change/"))
    desk.close()
