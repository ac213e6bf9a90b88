"""Work bounded before it is spent: the request body limit (413 before the body is read), the
admin login limit per client address (429 before a password is hashed), and the circuit
breaker that keeps a hung Redis from costing more than one short timeout per cool-down."""

from __future__ import annotations

import io
import re
import time

import pytest
from django.contrib.auth.backends import ModelBackend
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tips import forms as tip_forms
from tips.models import OffenceCategory, Tip
from wardsec import breaker

MB = 1024 * 1024


class UnreadableBody(io.RawIOBase):
    """A request body that must not be read."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")

    readline = read


class CountingBody(io.RawIOBase):
    """`size` bytes of a body, counting how many were read."""

    def __init__(self, data: bytes):
        self._stream = io.BytesIO(data)
        self.consumed = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._stream.read(size)
        self.consumed += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        line = self._stream.readline(size)
        self.consumed += len(line)
        return line


# --- Request body limit ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/bao-tin/", "/tra-cuu/bo-sung/", "/admin/login/"])
def test_a_declared_length_over_the_limit_is_refused_unread(path, settings):
    response = Client().post(
        path,
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str((settings.WARDSEC_MAX_REQUEST_MB + 1) * MB),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "Nội dung gửi lên quá lớn" in html
    assert f"tối đa {settings.WARDSEC_MAX_REQUEST_MB} MB" in html
    assert 'class="site-header"' in html  # inside the site's public frame
    assert "Request Entity Too Large" not in html


@pytest.mark.django_db
def test_machine_clients_get_the_refusal_as_json(settings):
    response = Client().post(
        "/open311/v2/requests.json",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(300 * MB),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert "quá lớn" in response.json()["detail"]


def _chunked(body: CountingBody) -> dict:
    """What gunicorn hands Django for `Transfer-Encoding: chunked`: no length, a de-chunked
    input that ends at the body's end."""
    return {
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": "",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input": body,
        "wsgi.input_terminated": True,
    }


@pytest.mark.django_db
def test_a_chunked_body_is_refused_as_soon_as_it_passes_the_limit(settings):
    settings.WARDSEC_MAX_REQUEST_MB = 1
    body = CountingBody(b"x" * (5 * MB))
    response = Client().post("/bao-tin/", **_chunked(body))
    assert response.status_code == 413
    assert body.consumed <= MB + 64 * 1024  # it stopped reading at the limit


@pytest.mark.django_db
def test_a_chunked_body_within_the_limit_is_read_normally(settings):
    from urllib.parse import urlencode

    settings.WARDSEC_TIP_MIN_SECONDS = 0
    with scopes_disabled():
        from tests import factories

        ward = factories.make_ward(name="Phường A", code="WA")
    theft = OffenceCategory.objects.get(code="theft")
    form = {
        "ward": ward.pk,
        "category": theft.pk,
        "description": "Có nhóm người tụ tập đánh bạc ở cuối hẻm 5.",
        "leave_contact": "0",
        "form_token": tip_forms.new_form_token(),
    }
    body = CountingBody(urlencode(form).encode())
    response = Client().post("/bao-tin/", **_chunked(body))
    assert response.status_code == 200, re.findall(r"errorlist.*", response.content.decode())
    with scopes_disabled():
        assert Tip.objects.count() == 1


# --- Admin login: a budget per client address -----------------------------------------------------


@pytest.fixture
def hashes(monkeypatch) -> list[str]:
    """The usernames whose password the login checked (a hash each)."""
    checked: list[str] = []
    original = ModelBackend.authenticate

    def spy(self, request, username=None, password=None, **kwargs):
        checked.append(username)
        return original(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", spy)
    return checked


def login(client: Client, username: str, address: str = "198.51.100.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": "wrong-password"},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
def test_random_usernames_from_one_address_are_stopped_before_the_hash(settings, hashes):
    settings.WARDSEC_ADMIN_LOGIN_RATE = "3/5m"
    client = Client()
    for number in range(3):
        assert login(client, f"random-{number}").status_code == 200
    assert len(hashes) == 3
    refused = login(client, "random-4")
    assert refused.status_code == 429
    assert "Có quá nhiều lần đăng nhập từ địa chỉ mạng này" in refused.content.decode()
    assert len(hashes) == 3  # no password hash for the refused attempt
    assert login(Client(), "random-5", address="198.51.100.8").status_code == 200


@pytest.mark.django_db
def test_admin_login_limit_fails_open_without_cache_and_axes_still_locks(settings, hashes):
    settings.CACHES = {
        "default": {**settings.WARDSEC_REDIS_CACHE, "LOCATION": "redis://127.0.0.1:1/0"}
    }
    settings.WARDSEC_ADMIN_LOGIN_RATE = "2/5m"
    breaker.reset_all()
    client = Client()
    start = time.monotonic()
    answers = [login(client, "officer_x").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert time.monotonic() - start < 2
    assert answers[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    locked = login(client, "officer_x")
    assert locked.status_code == 429
    assert "tạm thời bị khóa" in locked.content.decode()  # axes, per username
    breaker.reset_all()


# --- The breaker ---------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(breaker.time, "monotonic", fake)
    return fake


def test_breaker_refuses_calls_for_the_cooldown_then_lets_one_try(clock):
    guard = breaker.CircuitBreaker("test", cooldown=10)
    calls: list[str] = []

    def call(fail: bool) -> None:
        with guard.guard((ConnectionError,)):
            calls.append("called")
            if fail:
                raise ConnectionError("down")

    with pytest.raises(breaker.Unavailable):
        call(fail=True)
    assert guard.is_open
    clock.now += 5
    with pytest.raises(breaker.Unavailable):
        call(fail=False)
    assert calls == ["called"]  # refused without calling
    clock.now += 6
    assert guard.allow()  # the trial call after the cool-down …
    assert not guard.allow()  # … and only one
    guard.succeeded()
    call(fail=False)
    assert calls == ["called", "called"]
    assert not guard.is_open


def test_one_breaker_per_server_address_without_credentials():
    cache = breaker.for_url("redis://:secret@127.0.0.1:6379/1")
    assert breaker.for_url("redis://127.0.0.1:6379/0") is cache  # the broker on the same Redis
    assert breaker.for_url("redis://127.0.0.1:6380/0") is not cache
    assert "secret" not in cache.name


def test_breaker_lets_bugs_through_untouched(clock):
    guard = breaker.CircuitBreaker("test", cooldown=10)
    with pytest.raises(KeyError), guard.guard((ConnectionError,)):
        raise KeyError("a bug, not an outage")
    assert not guard.is_open


@pytest.mark.django_db
def test_a_stopped_cache_costs_one_failure_then_nothing(settings):
    """Nothing listens on port 1: the first call fails, the next ones are refused at once."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {**settings.WARDSEC_REDIS_CACHE, "LOCATION": "redis://127.0.0.1:1/0"}
    }
    breaker.reset_all()
    with pytest.raises(breaker.Unavailable) as first:
        cache.get("anything")
    assert first.value.__cause__ is not None  # the real connection error
    with pytest.raises(breaker.Unavailable) as second:
        cache.set("anything", 1)
    assert second.value.__cause__ is None  # refused by the breaker, Redis not asked
    breaker.reset_all()
