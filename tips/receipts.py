"""Showing the receipt again when the same form is posted twice at once (a double click, a
connection retried): the browser then displays the second answer, and without its PIN the
citizen could never follow the tip.

The PIN is shown once: the first answer's copy is kept only RECEIPT_SECONDS (the time a double
click or a retry takes to arrive, not the time to read the receipt and reload it) and the
replay that shows it takes it (`recall_receipt` deletes it). A later reload, a Back and send
again, shows the receipt without the PIN.

The PIN is kept in the cache, never in clear: it is masked with a one-time
pad derived from the form's own secret (the random part of its signed token, which only the
citizen's page holds). The database keeps only a one-way digest of that secret as the tip's
idempotency key, so neither the cache, the database, nor both together give the PIN back.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import uuid

from django.core.cache import cache
from django.utils.crypto import salted_hmac

RECEIPT_SECONDS = 5


def idempotency_key(secret: str) -> uuid.UUID:
    """The tip's idempotency key for a form secret: one-way, so the stored key reveals nothing."""
    return uuid.UUID(bytes=hashlib.sha256(f"tips.idempotency:{secret}".encode()).digest()[:16])


def _cache_key(secret: str) -> str:
    return "tips:receipt:" + salted_hmac("tips.receipt", secret).hexdigest()[:32]


def _pad(secret: str, length: int) -> bytes:
    return hmac.new(secret.encode(), b"tips.receipt.pin", hashlib.sha256).digest()[:length]


def remember_pin(secret: str, pin: str) -> None:
    """Keep the masked PIN briefly; a cache that is down only loses this convenience."""
    masked = bytes(a ^ b for a, b in zip(pin.encode(), _pad(secret, len(pin)), strict=True))
    # A cache that is down: the receipt was shown; a retry would just show no PIN.
    with contextlib.suppress(Exception):
        cache.set(_cache_key(secret), masked.hex(), RECEIPT_SECONDS)


def remember_receipt(secret: str, code: str, pin: str) -> None:
    """Keep the tracking code and the PIN of the first answer, masked like a PIN alone: the
    database has only their digests, so a retried POST could show neither otherwise."""
    remember_pin(secret, f"{code}:{pin}")


def recall_receipt(secret: str) -> tuple[str, str] | None:
    """(code, PIN) of the first answer to this form, once, or None (already shown again,
    expired, or no cache)."""
    code, sep, pin = (recall_pin(secret) or "").partition(":")
    if sep:
        with contextlib.suppress(Exception):
            cache.delete(_cache_key(secret))
    return (code, pin) if sep else None


def recall_pin(secret: str) -> str | None:
    """The PIN of the first answer to this form, or None (expired, or no cache)."""
    try:
        stored = cache.get(_cache_key(secret))
    except Exception:
        return None
    if not stored:
        return None
    masked = bytes.fromhex(stored)
    return bytes(a ^ b for a, b in zip(masked, _pad(secret, len(masked)), strict=True)).decode()
