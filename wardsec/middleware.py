"""Request id and ward scope for every request."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation

from wardsec import audit, registry
from wardsec.scoping import scope_for_user

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id, for the audit log and the response header, so a complaint can
    be traced to its log entries.

    An incoming X-Request-ID (well-formed) is kept only when `WARDSEC_TRUST_REQUEST_ID` says a
    reverse proxy we run sets it (by default: when `WARDSEC_NUM_PROXIES` > 0); the proxy must
    then overwrite whatever the client sent. Otherwise any client could choose the id stored
    with an anonymous tip's audit entry (and link its own requests to it), so one is generated.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trusted = getattr(settings, "WARDSEC_TRUST_REQUEST_ID", False)
        incoming = request.headers.get("X-Request-ID", "") if trusted else ""
        request_id = incoming if _REQUEST_ID.match(incoming) else audit.new_request_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        token = audit.request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            audit.request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class WardScopeMiddleware:
    """Run the request inside the scope of the signed-in user's wards.

    Anonymous visitors get an empty scope: ward-owned queries return nothing unless a public
    view opens `public_scope()`. The API re-scopes after its own (token) authentication.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with scope_for_user(request.user) as ward_ids:
            request.ward_ids = ward_ids  # type: ignore[attr-defined]
            return self.get_response(request)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are in Vietnamese unless the visitor chose another language with the switcher (the
    language cookie): Django's LocaleMiddleware would follow the browser's Accept-Language and
    show English to every resident whose phone happens to be set to English. Machine clients
    (the REST API, Open311) have no switcher, so there Accept-Language decides."""

    MACHINE_PATHS = registry.machine_paths()  # declared by the apps (AppConfig.machine_paths)

    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith(self.MACHINE_PATHS):
            language = translation.get_language_from_request(request)
        else:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RequestBodyLimitMiddleware:
    """Refuse a request body over WARDSEC_MAX_REQUEST_MB before anything reads it: 413, in
    Vietnamese, inside the public frame (JSON for machine clients).

    A declared Content-Length over the limit is refused unread. A chunked body (no length; the
    WSGI server de-chunks it and marks `wsgi.input_terminated`, as gunicorn does) is read up to
    the limit and refused as soon as it goes past it; within the limit it is kept (in memory up
    to FILE_UPLOAD_MAX_MEMORY_SIZE, then in a temporary file) and handed on with its length, so
    Django reads it like any other body. The reverse proxy should refuse earlier still
    (README: nginx `client_max_body_size`)."""

    CHUNK = 64 * 1024

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from wardsec import views

        limit = settings.WARDSEC_MAX_REQUEST_MB * 1024 * 1024
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or "")
        except ValueError:
            declared = None  # Django reads no body without a length
        if declared is not None:
            too_large = declared > limit
        else:
            too_large = self._is_chunked(request) and not self._take_chunked(request, limit)
        if too_large:
            return views.request_too_large(request)
        return self.get_response(request)

    @staticmethod
    def _is_chunked(request: HttpRequest) -> bool:
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        return chunked and bool(request.META.get("wsgi.input_terminated"))

    def _take_chunked(self, request: HttpRequest, limit: int) -> bool:
        """Read a de-chunked body up to `limit`; False (and stop reading) beyond it."""
        # Not closed here: it becomes the request's body (freed with the request).
        body = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
        size = 0
        while chunk := request.META["wsgi.input"].read(self.CHUNK):
            size += len(chunk)
            if size > limit:
                body.close()
                return False
            body.write(chunk)
        body.seek(0)
        request.META["CONTENT_LENGTH"] = str(size)
        request._stream = LimitedStream(body, size)  # type: ignore[attr-defined,assignment,arg-type]
        return True


class AdminLoginLimitMiddleware:
    """A budget of admin sign-in attempts per client address (WARDSEC_ADMIN_LOGIN_RATE), checked
    before the password is hashed: django-axes locks a username after failures, but random
    usernames would each cost a password hash. The key is a keyed hash of the address, in the
    cache only (wardsec.clients). Over it: 429. With the cache down the limit fails open (axes'
    per-username lockout, in the database, still holds)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from wardsec import ratelimit, views

        if request.method == "POST" and request.path == reverse("admin:login"):
            limited = ratelimit.is_limited(
                request,
                group="admin.login",
                rate=settings.WARDSEC_ADMIN_LOGIN_RATE,
                when_unavailable="open",
            )
            if limited:
                return views.login_rate_limited(request)
        return self.get_response(request)
