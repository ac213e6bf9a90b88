"""Request id and ward scope for every request."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from wardsec import audit, registry
from wardsec.scoping import scope_for_user

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id (an upstream proxy's X-Request-ID when well-formed), for the
    audit log and the response header, so a complaint can be traced to its log entries."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
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
