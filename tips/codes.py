"""Tracking codes, PINs and their keyed digests.

A tracking code is 15 characters from a 30-letter alphabet without look-alikes (no 0/O, no
1/I/L, no U): about 73.6 bits of randomness, unguessable, and easy to read aloud over the phone.
It is shown in groups of five (K7M2Q-X9RTA-HB4WN); input is accepted with or without dashes
and spaces, in any case. The PIN is six digits, shown once.

Neither is stored: the citizen alone holds them. The database keeps an HMAC-SHA256 of the code
(to find the tip) and an HMAC-SHA256 over code and PIN (to check the PIN), both keyed with
WARDSEC_CODE_KEY, which lives in the settings, never in the database. Checking costs
microseconds; guessing is bounded by the per-code lock and the per-client limits, not by CPU.
PINs hashed before (Django's PBKDF2) still verify, and are upgraded on their next good use.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 15
GROUP = 5
PIN_LENGTH = 6
# The scheme of a stored PIN digest: the prefix says how to check it.
PIN_SCHEME = "hmac-sha256$"


def new_tracking_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(typed: str) -> str | None:
    """The canonical form of a typed code, or None when it cannot be a code."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))


def _key() -> bytes:
    """WARDSEC_CODE_KEY, or a key derived from SECRET_KEY with a salt of its own."""
    if settings.WARDSEC_CODE_KEY:
        return settings.WARDSEC_CODE_KEY.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"wardsec.tips.code-key", hashlib.sha256).digest()


def _mac(message: str) -> str:
    return hmac.new(_key(), message.encode(), hashlib.sha256).hexdigest()


def code_digest(code: str) -> str:
    """The stored form of a (canonical) tracking code: 64 hex characters."""
    return _mac(f"tips.code:{code}")


def pin_digest(code: str, pin: str) -> str:
    """The stored form of a PIN, bound to its code: useless without both the key and the code."""
    return PIN_SCHEME + _mac(f"tips.pin:{code}:{pin}")


def is_current_pin_digest(stored: str) -> bool:
    return stored.startswith(PIN_SCHEME)


def check_pin(code: str, pin: str, stored: str) -> bool:
    """Whether `pin` is the PIN of the tip with `code` whose stored digest is `stored`.

    Compares in constant time. A digest stored before this scheme (a Django password hash of
    the PIN alone) is checked the slow way; the caller upgrades it after a success.
    """
    if not stored:
        return False
    if is_current_pin_digest(stored):
        return hmac.compare_digest(pin_digest(code, pin), stored)
    return check_password(pin, stored)


def reference(year: int, number: int) -> str:
    """A tip's public reference number (TB-2021-000123): what officers, emails, exports and the
    audit log name a tip by. It proves nothing and opens nothing."""
    return f"TB-{year}-{number:06d}"


def normalise_reference(typed: str) -> str | None:
    """The reference number a person typed (any case, spaces or dashes, leading zeros or not),
    or None when it cannot be one."""
    match = re.fullmatch(r"TB[\s-]*(\d{4})[\s-]*(\d{1,9})", typed.strip().upper())
    return reference(int(match[1]), int(match[2])) if match else None
