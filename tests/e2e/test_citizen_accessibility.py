"""axe-core on the public pages the journey does not pass through (issue 8): the province
step, the English form, the 404 page, a rate-limited tip form (429), a rate-limited and an
unavailable look-up (429, 503), an addition refused while the limit cannot be checked, on a
phone and at a desk. 0 serious or critical violations on each."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from tests import factories
from tests.e2e.axe import assert_accessible
from tests.tips import factories as tip_factories
from tests.tips.factories import ensure_catalogue
from tips import views as tip_views
from tips.models import OffenceCategory
from wardsec import ratelimit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {
    "phone": {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True},
    "desk": {"viewport": {"width": 1366, "height": 768}},
}


@pytest.fixture
def ward(db):
    with scopes_disabled():
        ensure_catalogue()
    return factories.make_ward(name="Phường Kiến Tường", code="WKA8", hotline="0272 3841 113")


def page_for(browser, size: str, language: str = "vi-VN"):
    context = browser.new_context(locale=language, **SIZES[size])
    return context, context.new_page()


@pytest.mark.parametrize("size", list(SIZES))
def test_province_step_english_form_and_404(browser, live_server, ward, size):
    factories.make_ward(name="Xã Bình Hòa", code="WBH8")  # a second province: asked first
    context, page = page_for(browser, size)
    page.goto(f"{live_server.url}/bao-tin/")
    assert page.locator("#id_province").is_visible()
    assert_accessible(page, context=f"province step ({size})")
    response = page.goto(f"{live_server.url}/khong-co-trang-nay/")
    assert response.status == 404
    assert_accessible(page, context=f"404 ({size})")
    page.goto(f"{live_server.url}/bao-tin/?ward={ward.code}")
    page.select_option("#lang-select", "en")
    page.locator(".lang button").click()
    page.wait_for_selector("html[lang=en]")
    assert_accessible(page, context=f"English form ({size})")
    context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_refused_pages(browser, live_server, settings, ward, size, monkeypatch):
    settings.WARDSEC_TIP_MIN_SECONDS = 0
    settings.WARDSEC_TIP_RATE = "1/h"
    monkeypatch.setattr(tip_views, "LOOKUP_RATE", "1/h")
    with scopes_disabled():
        theft = OffenceCategory.objects.get(code="theft")
    receipt = tip_factories.make_receipt(ward, category=theft)
    context, page = page_for(browser, size)

    # The tip form over the address's budget: 429, everything typed kept.
    for attempt in range(2):
        page.goto(f"{live_server.url}/bao-tin/?ward={ward.code}")
        page.select_option("#id_category", str(theft.pk))
        page.fill("#id_description", f"Lần thứ {attempt + 1}: có người lạ bẻ khóa xe.")
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.get_by_role("button", name="Gửi tin báo").click()
    assert answer.value.status == 429
    assert page.get_by_test_id("rate-limited").is_visible()
    assert page.input_value("#id_description") == "Lần thứ 2: có người lạ bẻ khóa xe."
    assert_accessible(page, context=f"tip form, 429 ({size})")

    # The look-up over its budget: 429.
    for _ in range(2):
        page.goto(f"{live_server.url}/tra-cuu/")
        page.fill("#id_code", receipt.display_code)
        page.fill("#id_pin", receipt.pin)
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.get_by_role("button", name="Tra cứu").click()
    assert answer.value.status == 429
    assert page.get_by_test_id("refused-429").is_visible()
    assert_accessible(page, context=f"look-up, 429 ({size})")
    context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_unavailable_pages(browser, live_server, ward, size, monkeypatch):
    with scopes_disabled():
        theft = OffenceCategory.objects.get(code="theft")
    receipt = tip_factories.make_receipt(ward, category=theft)
    context, page = page_for(browser, size)
    page.goto(f"{live_server.url}/tra-cuu/")
    page.fill("#id_code", receipt.display_code)
    page.fill("#id_pin", receipt.pin)
    page.get_by_role("button", name="Tra cứu").click()
    page.fill("#id_body", "Thêm: người cầm đầu mặc áo khoác đỏ.")

    def unavailable(*args, **kwargs):
        raise ratelimit.LimitUnavailable("tips.lookup")

    monkeypatch.setattr(ratelimit, "is_limited", unavailable)  # the cache went down
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Gửi bổ sung").click()
    assert answer.value.status == 503
    assert page.input_value("#id_body") == "Thêm: người cầm đầu mặc áo khoác đỏ."
    assert_accessible(page, context=f"addition, 503 ({size})")
    page.goto(f"{live_server.url}/tra-cuu/")
    page.fill("#id_code", receipt.display_code)
    page.fill("#id_pin", receipt.pin)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Tra cứu").click()
    assert answer.value.status == 503
    assert page.get_by_test_id("refused-503").is_visible()
    assert_accessible(page, context=f"look-up, 503 ({size})")
    context.close()
