"""Site-wide views: liveness (/healthz) and readiness (/healthz/ready), and the public home
page's scope."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.conftest import require_service
from wardsec import views

pytestmark = pytest.mark.django_db

HEALTHZ = reverse("healthz")
READY = reverse("healthz_ready")


@pytest.fixture(autouse=True)
def _fresh_readiness():
    views.forget_readiness()
    yield
    views.forget_readiness()


def health(client: Client | None = None, url: str = READY):
    response = (client or Client()).get(url)
    assert response["Content-Type"] == "application/json"
    return response, response.json()


class BrokenConnection:
    """Stands in for the database connection when the database is gone."""

    vendor = "postgresql"

    def cursor(self):
        from django.db import OperationalError

        raise OperationalError("could not connect to server")


class BrokenCache:
    def set(self, *args, **kwargs):
        raise ConnectionError("cache down")

    get = set


def must_not_run(*args, **kwargs):
    raise AssertionError("liveness must not check this")


# --- Liveness: /healthz ------------------------------------------------------------------------


def test_liveness_checks_the_database_only_and_is_cheap(broker_down, monkeypatch):
    """Even with a broker configured and unreachable: no cache, broker or worker check."""
    for check in ("_check_cache", "_check_broker", "_check_workers"):
        monkeypatch.setattr(views, check, must_not_run)
    client = Client()
    health(client, HEALTHZ)
    start = time.perf_counter()
    response, body = health(client, HEALTHZ)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200
    assert body == {
        "status": "ok",
        "checks": {"database": {"ok": True, "detail": connection.vendor}},
    }
    assert response["Cache-Control"].startswith("max-age=0")
    assert elapsed < 0.1, f"{elapsed * 1000:.0f} ms"


def test_liveness_fails_when_the_database_is_down(monkeypatch):
    monkeypatch.setattr(views, "connection", BrokenConnection())
    response, body = health(url=HEALTHZ)
    assert response.status_code == 503
    assert body["checks"]["database"] == {"ok": False, "detail": "OperationalError"}


# --- Readiness: /healthz/ready -----------------------------------------------------------------


def test_ready_without_a_broker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # inline tasks: no broker to check
    response, body = health()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True, "detail": connection.vendor}
    assert body["checks"]["cache"]["ok"] is True
    assert "broker" not in body["checks"]
    assert response["Cache-Control"].startswith("max-age=0")


def test_not_ready_when_the_database_is_down(settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setattr(views, "connection", BrokenConnection())
    response, body = health()
    assert response.status_code == 503
    assert body["status"] == "unhealthy"
    assert body["checks"]["database"] == {"ok": False, "detail": "OperationalError"}
    assert body["checks"]["cache"]["ok"] is True


def test_not_ready_when_the_cache_fails(settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    monkeypatch.setattr(views, "cache", BrokenCache())
    response, body = health()
    assert response.status_code == 503
    assert body["checks"]["cache"] == {"ok": False, "detail": "ConnectionError"}


def test_not_ready_when_the_broker_is_unreachable(broker_down):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    response, body = health()
    assert response.status_code == 503
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["workers"] == {"ok": False, "detail": "chưa kết nối được broker"}
    assert body["checks"]["database"]["ok"] is True


def test_not_ready_when_no_worker_answers(settings, celery_conf):
    """Redis is up but no worker listens (the worker integration test sees the ready side)."""
    require_service(bool(settings.REDIS_URL), "REDIS_URL is not set")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_conf.update(broker_url=settings.REDIS_URL, task_always_eager=False)
    response, body = health()
    assert response.status_code == 503
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["workers"]["ok"] is False


def test_readiness_is_checked_once_per_interval(broker_down, monkeypatch):
    """Repeated calls within READY_CACHE_SECONDS cost nothing: one worker ping, one answer."""
    pings: list[int] = []
    monkeypatch.setattr(views, "_check_broker", lambda: (True, "redis"))
    monkeypatch.setattr(views, "_check_workers", lambda: pings.append(1) or (True, "1 tiến trình"))
    now = [1000.0]
    monkeypatch.setattr(views.time, "monotonic", lambda: now[0])
    client = Client()
    answers = [health(client)[0].status_code for _ in range(5)]
    assert answers == [200] * 5
    assert len(pings) == 1
    now[0] += views.READY_CACHE_SECONDS + 1
    health(client)
    assert len(pings) == 2


@pytest.mark.parametrize("url", [HEALTHZ, READY])
def test_health_answers_get_only(url):
    assert Client().post(url).status_code == 405


def test_home_page_lists_wards_taking_tips(ward_a, ward_b, predecessor):
    from django_scopes import scopes_disabled

    from wards.models import Ward

    with scopes_disabled():
        Ward.objects.filter(pk=ward_b.pk).update(accepts_public_tips=False)
    response = Client().get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Phường A" in page
    assert "Phường B" not in page
    assert "Phường Xưa" not in page
    assert "Gửi tin báo" in page


def test_favicon_points_at_the_static_icon():
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


def test_vietnamese_unless_english_is_chosen(client, db):
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    html = client.get("/", **english_browser).content.decode()
    assert 'lang="vi"' in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/", **english_browser).content.decode()
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert 'lang="vi"' in client.get("/").content.decode()


def test_machine_clients_choose_by_accept_language(client, db):
    response = client.get("/api/v1/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"
    response = client.get("/api/v1/")
    assert response["Content-Language"] == "vi"
