"""Site-wide views: the public home page, health (liveness and readiness), and the answers to
refused requests (rate limits, a body too large, a limit failing closed)."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wardsec import registry
from wardsec.scoping import public_scope

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public home page: who we serve, how to report a tip and follow it."""
    from wards.models import Ward

    with public_scope():
        wards = list(Ward.objects.accepting_tips().select_related("province"))
    return render(request, "public/home.html", {"wards": wards})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin, the API docs)."""
    return redirect(static("img/favicon.svg"), permanent=True)


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """django-ratelimit's answer: a plain page, in the visitor's language, status 429."""
    return render(request, "public/rate_limited.html", status=429)


RETRY_AFTER_SECONDS = 60


def temporarily_unavailable(request: HttpRequest) -> HttpResponse:
    """A limit that fails closed while the cache is down (the look-up's PIN guessing budget):
    "try again in a few minutes", status 503 with Retry-After, never a 500."""
    response = render(request, "public/unavailable.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def request_too_large(request: HttpRequest) -> HttpResponse:
    """RequestBodyLimitMiddleware's answer (413): a page in the public frame, or JSON for
    machine clients (the REST API, Open311)."""
    message = _(
        "Nội dung gửi lên quá lớn (tối đa %(mb)d MB). Hãy gửi ít ảnh hơn hoặc ảnh nhỏ hơn."
    ) % {"mb": settings.WARDSEC_MAX_REQUEST_MB}
    if request.path.startswith(registry.machine_paths()):
        return JsonResponse({"detail": message}, status=413)
    return render(request, "public/request_too_large.html", {"message": message}, status=413)


def login_rate_limited(request: HttpRequest) -> HttpResponse:
    """AdminLoginLimitMiddleware's answer (429), on the admin's login page."""
    from django.contrib import admin

    context = {**admin.site.each_context(request), "title": _("Đăng nhập")}
    return render(request, "admin/login_rate_limited.html", context, status=429)


def _check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, type(exc).__name__
    return True, connection.vendor


def _check_cache() -> tuple[bool, str]:
    try:
        cache.set("wardsec:healthz", "ok", 10)
        ok = cache.get("wardsec:healthz") == "ok"
    except Exception as exc:
        return False, type(exc).__name__
    return ok, settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def _check_broker() -> tuple[bool, str]:
    from wardsec.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return False, type(exc).__name__
    return True, "redis"


def _check_workers() -> tuple[bool, str]:
    from wardsec.celery import app

    try:
        replies = app.control.ping(timeout=1.0)
    except Exception as exc:
        return False, type(exc).__name__
    count = len(replies)
    return bool(replies), ngettext("%(count)d tiến trình", "%(count)d tiến trình", count) % {
        "count": count
    }


def _health_response(checks: dict[str, tuple[bool, str]]) -> JsonResponse:
    healthy = all(ok for ok, _detail in checks.values())
    body = {
        "status": "ok" if healthy else "unhealthy",
        "checks": {name: {"ok": ok, "detail": detail} for name, (ok, detail) in checks.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness, for the process manager and load balancer: this process answers and reaches
    the database (one `SELECT 1`). Nothing else, so it costs a few milliseconds and never waits
    on Redis or the workers. 200, or 503 when the database is unreachable."""
    return _health_response({"database": _check_database()})


READY_CACHE_SECONDS = 15.0
_ready_lock = threading.Lock()
_ready: dict[str, Any] = {"at": 0.0, "checks": None}


def _readiness_checks() -> dict[str, tuple[bool, str]]:
    checks = {"database": _check_database(), "cache": _check_cache()}
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = _check_broker()
        checks["workers"] = (
            _check_workers() if checks["broker"][0] else (False, _("chưa kết nối được broker"))
        )
    if not all(ok for ok, _detail in checks.values()):
        logger.warning("Readiness check failed: %s", checks)
    return checks


def readiness() -> dict[str, tuple[bool, str]]:
    """The readiness checks, run at most once per READY_CACHE_SECONDS in this process: callers
    meanwhile get the last result (one caller runs the checks, the others wait for it)."""
    with _ready_lock:
        now = time.monotonic()
        if _ready["checks"] is None or now - _ready["at"] >= READY_CACHE_SECONDS:
            _ready["checks"] = _readiness_checks()
            _ready["at"] = time.monotonic()
        return _ready["checks"]


def forget_readiness() -> None:
    """Make the next readiness call check again (tests; after a fix)."""
    with _ready_lock:
        _ready["checks"] = None


@never_cache
@require_GET
def healthz_ready(request: HttpRequest) -> JsonResponse:
    """Readiness: the database, the cache and (with a broker) the broker and a worker's answer
    to a ping — the result of the last check, at most READY_CACHE_SECONDS old, so that polling
    it costs nothing. 200 when all are up, 503 otherwise."""
    return _health_response(readiness())
