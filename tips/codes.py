"""Tracking codes and PINs.

A tracking code is 15 characters from a 30-letter alphabet without look-alikes (no 0/O, no
1/I/L, no U): about 73.6 bits of randomness, unguessable, and easy to read aloud over the phone.
It is shown in groups of five (K7M2Q-X9RTA-HB4WN); input is accepted with or without dashes
and spaces, in any case. The PIN is six digits, shown once and stored hashed like a password.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 15
GROUP = 5
PIN_LENGTH = 6


def new_tracking_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(typed: str) -> str | None:
    """The stored form of a typed code, or None when it cannot be a code."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))
