"""The officers' admin site: Vietnamese, naming the user's ward and role, and locking a username
(not an address) after too many wrong passwords."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")
PASSWORD = "pass-1234-word"


def login(username: str, password: str, address: str = "203.0.113.7", forwarded: str = ""):
    client = Client()
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    response = client.post(
        LOGIN, {"username": username, "password": password, "next": INDEX}, **extra
    )
    return client, response


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == INDEX


# --- Language -----------------------------------------------------------------------------------
def test_login_page_is_vietnamese():
    assert settings.LANGUAGE_CODE == "vi"
    response = Client().get(LOGIN)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="vi"' in page
    assert "Tên đăng nhập" in page
    assert "Mật khẩu" in page
    assert 'value="Đăng nhập"' in page
    assert "Hệ thống nghiệp vụ Công an phường/xã" in page


def test_english_is_available_on_request():
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.cookies["django_language"] = "en"  # what the language switcher sets
    response = client.get(LOGIN)
    page = response.content.decode()
    assert '<html lang="en"' in page
    assert "Log in" in page


# --- Index and header ---------------------------------------------------------------------------
def test_index_names_the_officers_ward_and_role(officer_a_client, ward_b):
    response = officer_a_client.get(INDEX)
    assert response.status_code == 200
    assert response.context["site_header"] == "WardSec — Phường A"
    page = response.content.decode()
    assert "WardSec — Phường A" in page
    assert "Cán bộ Công an phường/xã" in page
    assert "Phường A (Tỉnh A)" in page
    assert "Phường B" not in page


def test_index_names_the_commanders_role(commander_a_client):
    page = commander_a_client.get(INDEX).content.decode()
    assert "Chỉ huy Công an phường/xã" in page
    assert "Phường A (Tỉnh A)" in page


def test_index_of_a_leader_lists_the_provinces_wards(leader_client):
    response = leader_client.get(INDEX)
    page = response.content.decode()
    assert "Lãnh đạo cấp tỉnh" in page
    assert "Phường A (Tỉnh A)" in page
    assert "Phường B (Tỉnh A)" in page
    assert "Phường C" not in page
    assert "Phường A" in response.context["site_header"]
    assert "Phường B" in response.context["site_header"]


def test_index_of_a_superuser_says_everything(superuser_client):
    page = superuser_client.get(INDEX).content.decode()
    assert "Quản trị hệ thống — toàn bộ phường/xã" in page


def test_index_of_a_user_without_ward_says_so(db):
    from tests import factories

    user = factories.make_user("drifter", is_staff=True)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(INDEX).content.decode()
    assert "chưa được phân công" in page
    assert "chưa có phường/xã nào" in page


# --- Lockout ------------------------------------------------------------------------------------
def test_five_wrong_passwords_lock_the_username_from_any_address(officer_a, officer_b):
    assert settings.AXES_FAILURE_LIMIT == 5
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _, response = login(
            "officer_a",
            "wrong-password",
            address=f"198.51.100.{attempt + 1}",
            forwarded=f"192.0.2.{attempt + 1}",
        )
        assert not signed_in(response)
    # The right password, from yet another address, no longer opens the account...
    _, response = login("officer_a", PASSWORD, address="203.0.113.99", forwarded="192.0.2.99")
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.content.decode()
    # ...while another person behind the station's shared address still signs in.
    client, response = login("officer_b", PASSWORD, address="198.51.100.1")
    assert signed_in(response)
    assert client.get(INDEX).status_code == 200


def test_fewer_failures_do_not_lock(officer_a):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login("officer_a", "wrong-password")
    _, response = login("officer_a", PASSWORD)
    assert signed_in(response)


def test_lock_lifts_after_the_cool_off(officer_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login("officer_a", "wrong-password")
    assert login("officer_a", PASSWORD)[1].status_code == 429
    # Let the cool-off pass: the failures are older than AXES_COOLOFF_TIME.
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    elapsed = settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - elapsed)
    client, response = login("officer_a", PASSWORD)
    assert signed_in(response)
    assert client.get(INDEX).status_code == 200


def test_the_served_site_holds_the_audit_log_and_the_outbox():
    """Registrations made while the default site was being set up once went to a discarded
    second site (the site class now lives in wardsec.sites)."""
    from django.contrib import admin

    from wardsec.models import AuditEntry, OutboxMessage
    from wardsec.sites import WardSecAdminSite

    assert admin.site.is_registered(AuditEntry)
    assert admin.site.is_registered(OutboxMessage)
    assert isinstance(admin.site._wrapped, WardSecAdminSite)


def test_admin_javascript_catalogue_is_vietnamese(officer_a_client):
    """Calendar day names and the two-list selector, which Django leaves in English."""
    script = officer_a_client.get("/admin/jsi18n/").content.decode("utf-8")
    # The catalogue is JSON with non-ASCII letters escaped.
    assert '"Sunday": "Ch\\u1ee7 nh\\u1eadt"' in script
    assert '"abbrev. day Sunday\\u0004Sun": "CN"' in script
    assert '"Choose all %s": "Ch\\u1ecdn t\\u1ea5t c\\u1ea3 %s"' in script
