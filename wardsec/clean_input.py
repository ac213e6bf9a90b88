"""Refuse form and query input that is not clean text, for every form of the site.

Django decodes form and query data with `errors="replace"`: invalid UTF-8 becomes U+FFFD and
would be stored as such (a tip's text silently damaged), and a NUL character reaches the form,
which answers in English ("Null characters are not allowed."). `CleanInputMiddleware` looks at
every query-string and form value (and key) before the view runs and refuses a request with a
U+FFFD or a NUL with the Vietnamese 400 page (wardsec.errors; JSON/XML for machine clients).

A U+FFFD typed on purpose (pasted from a damaged document) is refused too: it cannot be told
apart from a damaged byte after decoding, and a citizen can type the text again. On the paths
of machine clients (`AppConfig.machine_paths`: the REST API, Open311) only invalid UTF-8 is
refused here: a NUL is refused by their own fields, with the field's key, in their dialect and
after their authentication; JSON bodies are their parsers' business.

The check runs in `process_view`, after the CSRF check, so a forged request gets the CSRF
answer first; reading a body that is too large or has too many fields raises Django's own
errors, which end in the Vietnamese 400 page too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict

from wardsec import errors, registry

NUL, REPLACEMENT = "\x00", "\ufffd"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_clean(data: QueryDict, bad: tuple[str, ...] = (NUL, REPLACEMENT)) -> bool:
    """Whether no key or value of `data` holds one of the `bad` characters."""
    return not any(_has_bad(key, bad) or _has_bad(values, bad) for key, values in data.lists())


def _has_bad(texts: str | Iterable[Any], bad: tuple[str, ...]) -> bool:
    if isinstance(texts, str):
        texts = [texts]
    return any(isinstance(t, str) and any(c in t for c in bad) for t in texts)


class CleanInputMiddleware:
    """Refuses invalid UTF-8 and NUL characters in query strings and form bodies (400)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        bad = (
            (REPLACEMENT,)
            if request.path.startswith(registry.machine_paths())
            else (NUL, REPLACEMENT)
        )
        if not is_clean(request.GET, bad) or (
            self._has_form(request) and not is_clean(request.POST, bad)
        ):
            return errors.bad_request(request, errors.InvalidInput("Unclean input"))
        return None

    @staticmethod
    def _has_form(request: HttpRequest) -> bool:
        return request.method not in ("GET", "HEAD", "OPTIONS") and (
            request.content_type in FORM_TYPES
        )
