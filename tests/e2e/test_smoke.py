"""Browser smoke test in Debian's Chromium: the public home page on a phone loads from our own
server only, without console errors; an officer signs in to the Vietnamese admin and sees their
ward."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests import factories
from tests.e2e.conftest import PASSWORD

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

pytestmark = [
    pytest.mark.e2e,
    # The live server answers from another thread: it sees committed rows only.
    pytest.mark.django_db(transaction=True),
]


class Watch:
    """What a page asked for and complained about."""

    def __init__(self, page) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "response",
            lambda response: (
                self.failed.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )
        page.on(
            "console",
            lambda message: (
                self.errors.append(f"{message.text} ({message.location.get('url', '')})")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def foreign_hosts(self, own: str) -> set[str]:
        hosts = set()
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in {"data", "blob"}:
                continue
            if parts.netloc != own:
                hosts.add(parts.netloc or url)
        return hosts


@pytest.fixture
def ward():
    return factories.make_ward(name="Phường Bến Thành", code="E2E-BT", hotline="028 3829 1234")


def test_home_page_on_a_phone(browser, live_server, ward):
    context = browser.new_context(locale="vi-VN", **PHONE)
    page = context.new_page()
    watch = Watch(page)
    response = page.goto(live_server.url + reverse("home"))
    page.wait_for_load_state("networkidle")

    assert response is not None and response.status == 200
    assert "Công an phường/xã" in page.title()
    assert page.locator("html").get_attribute("lang") == "vi"
    report = page.get_by_role("link", name="Gửi tin báo").first
    assert report.is_visible()
    assert report.get_attribute("href") == reverse("tips:submit")
    assert page.get_by_text("Phường Bến Thành").first.is_visible()
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]

    own = urlsplit(live_server.url).netloc
    assert len(watch.requests) >= 2  # the page and at least its stylesheet
    assert watch.foreign_hosts(own) == set()
    assert watch.failed == []
    assert watch.errors == []
    context.close()


def test_officer_signs_in_to_the_vietnamese_admin(browser, live_server, ward):
    factories.make_officer(ward, username="canbo_e2e", first_name="An", last_name="Nguyễn Văn")
    other = factories.make_ward(name="Phường Khác", code="E2E-KH")
    factories.make_neighbourhood(other)

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    watch = Watch(page)
    page.goto(live_server.url + reverse("admin:index"))
    assert page.url.startswith(live_server.url + reverse("admin:login"))
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_label("Tên đăng nhập").is_visible()

    page.get_by_label("Tên đăng nhập").fill("canbo_e2e")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + reverse("admin:index"))

    assert "WardSec — Phường Bến Thành" in page.locator("#site-name").inner_text()
    workplace = page.locator("#wardsec-workplace").inner_text()
    assert "Cán bộ Công an phường/xã" in workplace
    assert "Phường Bến Thành" in workplace
    assert "Phường Khác" not in page.content()

    page.goto(live_server.url + reverse("admin:wards_ward_changelist"))
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "Phường Bến Thành" in rows.first.inner_text()

    assert watch.foreign_hosts(urlsplit(live_server.url).netloc) == set()
    assert watch.failed == []
    assert watch.errors == []
    context.close()


def test_wrong_password_is_refused_in_vietnamese(browser, live_server, ward):
    factories.make_officer(ward, username="canbo_e2e")
    page = browser.new_page(locale="vi-VN")
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Tên đăng nhập").fill("canbo_e2e")
    page.get_by_label("Mật khẩu").fill("not-the-password")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    assert page.url.startswith(live_server.url + reverse("admin:login"))
    assert page.locator(".errornote").is_visible()
    assert "mật khẩu" in page.locator(".errornote").inner_text().lower()
