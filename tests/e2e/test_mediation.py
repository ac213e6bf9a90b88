"""An officer enters a dispute in a real browser (Debian's Chromium, a 1366×768 office screen,
Vietnamese): from the admin index to the dispute's saved page; then finds it again by typing its
content without accents."""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled

from mediation.catalogue import ensure_catalogue
from mediation.models import Dispute
from tests import factories
from tests.e2e.conftest import PASSWORD

OFFICE = {"width": 1366, "height": 768}

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_enters_a_dispute_and_finds_it_without_accents(browser, live_server):
    with scopes_disabled():
        ensure_catalogue()
    ward = factories.make_ward(name="Phường 3", code="W3HG")
    officer = factories.make_officer(ward, username="canbo_hoagiai", first_name="An")
    desk = browser.new_context(viewport=OFFICE, locale="vi-VN")
    page = desk.new_page()
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()

    # From the index: the app's section, its disputes list, "add".
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "hòa giải ở cơ sở" in page.locator("#content-main").inner_text().lower()
    page.get_by_role("link", name="Vụ việc hòa giải", exact=True).first.click()
    page.wait_for_url(re.compile(r"/admin/mediation/dispute/$"))
    page.locator(".object-tools a.addlink").click()
    page.wait_for_url(re.compile(r"/admin/mediation/dispute/add/$"))
    page.fill("#id_received_on", "2021-05-04")
    page.select_option("#id_source", "party_request")
    page.select_option("#id_kind", label="Mâu thuẫn hàng xóm")
    page.fill("#id_summary", "Nước thải chảy sang nhà hàng xóm, hai bên cãi vã")
    page.locator("input[name=_save]").click()

    # The dispute's saved page, with the message at the top.
    page.wait_for_url(re.compile(r"/admin/mediation/dispute/\d+/change/$"))
    assert "Đã tiếp nhận vụ việc HG-2021-" in page.locator("ul.messagelist").inner_text()
    with scopes_disabled():
        dispute = Dispute.objects.get(ward=ward)
    assert dispute.kind.code == "neighbours"
    assert page.evaluate("document.documentElement.scrollWidth") <= OFFICE["width"]

    # Found again by its content typed without accents.
    page.goto(f"{live_server.url}/admin/mediation/dispute/")
    page.fill("#searchbar", "nuoc thai chay sang")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q=nuoc"))
    page.get_by_role("link", name=dispute.reference).click()
    page.wait_for_url(re.compile(rf"/admin/mediation/dispute/{dispute.pk}/change/"))
    desk.close()
