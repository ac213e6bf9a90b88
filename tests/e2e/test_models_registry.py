"""An officer enters a crime-prevention model in a real browser (Debian's Chromium, a 1366×768
office screen, Vietnamese): from the admin index to the model's saved page, with its evidence
section; then finds it again by typing its name without accents."""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled

from models_registry.catalogue import ensure_catalogue
from models_registry.models import PreventionModel
from tests import factories
from tests.e2e.conftest import PASSWORD

OFFICE = {"width": 1366, "height": 768}

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_enters_a_model_and_finds_it_without_accents(browser, live_server):
    with scopes_disabled():
        ensure_catalogue()  # a transactional test may have flushed the shipped kinds
    ward = factories.make_ward(name="Phường 3", code="W3MR")
    area = factories.make_neighbourhood(ward, name="Khu phố Cái Cát")
    officer = factories.make_officer(ward, username="canbo_mohinh", first_name="Bình")
    desk = browser.new_context(viewport=OFFICE, locale="vi-VN")
    page = desk.new_page()
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()

    # From the index: the app's section, its models list, "add".
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "mô hình phòng, chống tội phạm" in page.locator("#content-main").inner_text().lower()
    page.get_by_role("link", name="Mô hình phòng, chống tội phạm", exact=True).last.click()
    page.wait_for_url(re.compile(r"/admin/models_registry/preventionmodel/$"))
    page.locator(".object-tools a.addlink").click()
    page.wait_for_url(re.compile(r"/admin/models_registry/preventionmodel/add/$"))
    page.select_option("#id_kind", label="Camera an ninh")
    page.fill("#id_code", "camera-cai-cat")
    page.fill("#id_name", "Camera an ninh khu phố Cái Cát")
    page.fill("#id_started_on", "2019-03-01")
    page.select_option("#id_neighbourhoods", str(area.pk))
    page.fill("#id_decision", "Kế hoạch 05/KH-CAP")
    page.locator("input[type=submit], button[type=submit]").last.click()

    # The model's saved page, with the message and its evidence section.
    page.wait_for_url(re.compile(r"/admin/models_registry/preventionmodel/\d+/change/$"))
    assert "Camera an ninh khu phố Cái Cát" in page.locator("ul.messagelist").inner_text()
    assert "Hiệu quả" in page.locator("#effect").inner_text()
    with scopes_disabled():
        model = PreventionModel.objects.get(code="camera-cai-cat")
        assert model.ward == ward and list(model.neighbourhoods.all()) == [area]
    assert page.evaluate("document.documentElement.scrollWidth") <= OFFICE["width"]

    # Found again by the name typed without accents.
    page.goto(f"{live_server.url}/admin/models_registry/preventionmodel/")
    page.fill("#searchbar", "camera cai cat")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q=camera"))
    page.get_by_role("link", name="Camera an ninh khu phố Cái Cát").click()
    page.wait_for_url(re.compile(rf"/admin/models_registry/preventionmodel/{model.pk}/change/"))
    desk.close()
