"""Per-client rate limits that decide, each of them, what happens when the cache is down.

The counters live only in the cache (django-ratelimit), under a keyed hash of the client's
address (wardsec.clients), for the window of the limit: never in the database, never in clear.
django-ratelimit lets a cache outage escape as an exception (a 500 that loses the tip), so every
view limits through `limit` here, which says what an unavailable cache means:

- `when_unavailable="open"`: the request goes on unlimited. For submissions (the tip form,
  Open311, the admin login): losing a tip is worse than a few extra ones, the form's own checks
  (form token, minimum time, idempotency) still hold, and the login keeps its per-username lockout.
- `when_unavailable="closed"`: a "try again in a few minutes" page (503, Retry-After). For PIN
  guessing (look-up, adding information): without the per-client budget only the per-code lockout
  would be left, so the look-up waits for the cache instead.

The cache backend (wardsec.cache_backend) bounds the wait: one short timeout, then nothing for
the breaker's cool-down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, Literal

import redis
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.module_loading import import_string
from django_ratelimit.core import get_usage, is_ratelimited
from django_ratelimit.exceptions import Ratelimited

from wardsec import breaker, clients

logger = logging.getLogger(__name__)

WhenUnavailable = Literal["open", "closed"]
Rate = str | Callable[[str, HttpRequest], str]
View = Callable[..., HttpResponseBase]

# A cache that is down: our backend's breaker, or (a plain Django Redis cache) redis itself.
CACHE_OUTAGES: tuple[type[BaseException], ...] = (
    breaker.Unavailable,
    redis.ConnectionError,
    redis.TimeoutError,
)


class LimitUnavailable(Exception):  # noqa: N818 - "the limit is unavailable"
    """The limit could not be checked and fails closed."""


def is_limited(
    request: HttpRequest,
    *,
    group: str,
    rate: Rate,
    when_unavailable: WhenUnavailable,
    method: str | list[str] = "POST",
    increment: bool = True,
) -> bool:
    """Count this request against the client's budget in `group`; True when it is over.

    With the cache unavailable: False when failing open, `LimitUnavailable` when closed."""
    try:
        return is_ratelimited(
            request,
            group=group,
            key=clients.client_key,
            rate=rate,
            method=method,
            increment=increment,
        )
    except CACHE_OUTAGES as exc:
        logger.warning(
            "Rate limit %s not checked (cache unavailable): fails %s.", group, when_unavailable
        )
        if when_unavailable == "closed":
            raise LimitUnavailable(group) from exc
        return False


def budget_spent(
    request: HttpRequest,
    *,
    group: str,
    rate: Rate,
    when_unavailable: WhenUnavailable,
    method: str | list[str] = "POST",
) -> bool:
    """True when the client has used its whole budget in `group`, without counting this
    request: for a budget that counts only what succeeded (check with this first, then count
    the success with `is_limited`, the same group and rate). With the cache unavailable: like
    `is_limited`."""
    try:
        usage = get_usage(request, group=group, key=clients.client_key, rate=rate, method=method)
    except CACHE_OUTAGES as exc:
        logger.warning(
            "Rate limit %s not checked (cache unavailable): fails %s.", group, when_unavailable
        )
        if when_unavailable == "closed":
            raise LimitUnavailable(group) from exc
        return False
    return usage is not None and usage["count"] >= usage["limit"]


def limit(
    *,
    group: str,
    rate: Rate,
    when_unavailable: WhenUnavailable,
    method: str | list[str] = "POST",
    block: bool = True,
) -> Callable[[View], View]:
    """Decorate a view with a per-client limit (see the module's docstring).

    Over the limit: with `block`, RATELIMIT_VIEW's 429 page; without, `request.limited` is set
    for the view to answer in its own format (Open311). Failing closed: the 503 page of
    `wardsec.views.temporarily_unavailable`."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            try:
                limited = is_limited(
                    request,
                    group=group,
                    rate=rate,
                    when_unavailable=when_unavailable,
                    method=method,
                )
            except LimitUnavailable:
                from wardsec.views import temporarily_unavailable

                return temporarily_unavailable(request)
            request.limited = limited or getattr(request, "limited", False)  # type: ignore[attr-defined]
            if limited and block:
                return import_string(settings.RATELIMIT_VIEW)(request, Ratelimited())
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
