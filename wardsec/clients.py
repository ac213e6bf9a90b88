"""Who is asking, for rate limits only, without ever knowing who.

The client address is read as the configured proxies leave it (WARDSEC_NUM_PROXIES), then
replaced by a keyed hash that lives only in the cache, for the window of the limit. A client
cannot dodge a limit by sending its own X-Forwarded-For: with no proxy configured the header is
ignored, and behind N proxies only the address the nearest proxy saw counts.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac


def client_address(request: HttpRequest) -> str:
    proxies = settings.WARDSEC_NUM_PROXIES
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit key: a keyed hash of the client address, never the address itself."""
    return salted_hmac(f"ratelimit:{group}", client_address(request)).hexdigest()[:32]
