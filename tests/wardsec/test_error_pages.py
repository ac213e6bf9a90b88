"""Error pages in Vietnamese inside the site's frame; bad bytes and NULs refused, not stored.

Reproduced before the fix: invalid UTF-8 in the tip form was stored with U+FFFD; a NUL byte got
"Null characters are not allowed."; a 10 MB field, 1,001 fields or a bad Host got Django's
English "Bad Request (400)"; 403/404/500 and a CSRF failure were Django's English pages.
"""

from __future__ import annotations

import json

import pytest
from django.template import loader
from django.test import Client
from django.urls import get_resolver, reverse
from django_scopes import scopes_disabled

from tips.models import OffenceCategory, Tip

pytestmark = pytest.mark.django_db

ENGLISH = ("Bad Request (400)", "Null characters are not allowed", "Not Found", "Server Error")
PUBLIC_FRAME = 'class="site-header"'  # templates/public/base.html
ADMIN_FRAME = 'id="header"'  # admin/base.html


def page(response, status: int, frame: str) -> str:
    assert response.status_code == status
    content = response.content.decode()
    assert 'data-testid="error-page"' in content
    assert frame in content
    for english in ENGLISH:
        assert english not in content
    return content


@pytest.fixture
def submit_url() -> str:
    return reverse("tips:submit")


@pytest.fixture
def form(ward_a) -> dict[str, str]:
    from tips import forms as tip_forms

    theft = OffenceCategory.objects.get(code="theft")
    return {
        "ward": str(ward_a.pk),
        "category": str(theft.pk),
        "description": "Có nhóm người tụ tập đánh bạc ở cuối hẻm 5.",
        "leave_contact": "0",
        "form_token": tip_forms.new_form_token(),
    }


@pytest.fixture(autouse=True)
def _fast_form(settings):
    settings.WARDSEC_TIP_MIN_SECONDS = 0


def stored_tips() -> int:
    with scopes_disabled():
        return Tip.objects.count()


# --- Bad input ------------------------------------------------------------------------------


def test_invalid_utf8_in_the_form_is_refused_not_stored(client, submit_url, form):
    body = "&".join(f"{k}={v}" for k, v in form.items() if k != "description")
    body += "&description=%C4%90%C3%A1nh%20b%E1%BA%A1c%20%C3%28"  # ends in a broken sequence
    response = client.post(submit_url, body, content_type="application/x-www-form-urlencoded")
    content = page(response, 400, PUBLIC_FRAME)
    assert "ký tự không hợp lệ" in content
    assert stored_tips() == 0


def test_a_nul_byte_is_refused_in_vietnamese(client, submit_url, form):
    response = client.post(submit_url, {**form, "description": "Đánh bạc\x00 ở hẻm 5"})
    content = page(response, 400, PUBLIC_FRAME)
    assert "ký tự không hợp lệ" in content
    assert stored_tips() == 0


def test_a_nul_byte_in_the_query_string_is_refused(client):
    response = client.get(reverse("tips:lookup") + "?code=%00")
    page(response, 400, PUBLIC_FRAME)


def test_a_10_mb_field_gets_the_vietnamese_page(client, submit_url, form):
    response = client.post(submit_url, {**form, "description": "x" * (10 * 1024 * 1024)})
    content = page(response, 400, PUBLIC_FRAME)
    assert "quá lớn" in content


def test_1001_fields_get_the_vietnamese_page(client, submit_url, form):
    extra = {f"f{i}": "1" for i in range(1001)}
    response = client.post(submit_url, {**form, **extra})
    content = page(response, 400, PUBLIC_FRAME)
    assert "quá nhiều trường" in content


def test_a_clean_form_still_goes_through(client, submit_url, form):
    assert client.post(submit_url, form).status_code == 200
    assert stored_tips() == 1


def test_invalid_utf8_on_the_api_is_answered_in_json(client):
    response = client.get("/api/v1/tips/?search=%C3%28")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "không hợp lệ" in json.loads(response.content)["detail"]


def test_invalid_utf8_on_open311_is_answered_in_its_format(client):
    response = client.post(
        "/open311/v2/requests.json",
        "service_code=theft&description=%C3%28",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    [error] = json.loads(response.content)
    assert error["code"] == 400 and "không hợp lệ" in error["description"]
    response = client.get("/open311/v2/requests.xml?status=%C3%28")
    assert response.status_code == 400
    assert b"<errors><error><code>400</code>" in response.content
    assert stored_tips() == 0


def test_a_nul_on_machine_paths_is_left_to_their_own_fields(client):
    """They refuse it with the field's key, after their own authentication (their tests)."""
    response = client.get("/api/v1/tips/?search=%00")
    assert "ký tự không hợp lệ" not in response.content.decode()


def test_bad_input_on_the_admin_login_stays_in_the_admin_frame(client):
    response = client.post(reverse("admin:login"), {"username": "a\x00b", "password": "x"})
    page(response, 400, ADMIN_FRAME)


def test_a_bad_host_gets_the_vietnamese_400(client):
    response = client.get(reverse("home"), HTTP_HOST="evil.example")
    page(response, 400, PUBLIC_FRAME)


# --- 403, 404, 500, CSRF --------------------------------------------------------------------


def test_public_404(client):
    content = page(client.get("/khong-co-trang-nay/"), 404, PUBLIC_FRAME)
    assert "Không tìm thấy trang" in content


def test_admin_404_inside_the_admin_frame(superuser_client):
    content = page(superuser_client.get("/admin/khong-co-trang-nay/"), 404, ADMIN_FRAME)
    assert "Không tìm thấy trang" in content


def test_api_404_is_json(client):
    response = client.get("/api/khong-co/")
    assert response.status_code == 404
    assert "không có" in json.loads(response.content)["detail"]


def test_admin_403_inside_the_admin_frame(no_perm_client):
    response = no_perm_client.get(reverse("admin:tips_tip_changelist"))
    content = page(response, 403, ADMIN_FRAME)
    assert "Không có quyền truy cập" in content


def test_csrf_failure_is_a_vietnamese_page(submit_url, form):
    client = Client(enforce_csrf_checks=True)
    content = page(client.post(submit_url, form), 403, PUBLIC_FRAME)
    assert "Biểu mẫu đã hết hạn" in content
    assert "CSRF verification failed" not in content
    assert stored_tips() == 0


def test_500_is_a_vietnamese_page(rf):
    from wardsec import errors

    assert get_resolver().resolve_error_handler(500) is errors.server_error
    request = rf.get("/bao-tin/")
    content = page(errors.server_error(request), 500, PUBLIC_FRAME)
    assert "Hệ thống đang gặp sự cố" in content


def test_500_renders_even_when_the_request_context_fails(rf, monkeypatch):
    """A database down behind the 500: the context processors fail, the page still shows."""
    from wardsec import errors

    real = loader.render_to_string

    def failing(template_name, context=None, request=None, using=None):
        if request is not None:
            raise RuntimeError("database down")
        return real(template_name, context, using=using)

    monkeypatch.setattr(loader, "render_to_string", failing)
    content = page(errors.server_error(rf.get("/")), 500, PUBLIC_FRAME)
    assert "Hệ thống đang gặp sự cố" in content


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_every_handler_is_wired(status):
    handler = get_resolver().resolve_error_handler(status)
    assert handler.__module__ == "wardsec.errors"
