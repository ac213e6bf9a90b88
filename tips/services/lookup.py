"""The citizen's look-up of a tip by tracking code and PIN, with its lock-out."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Func, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django_scopes import scopes_disabled

from tips import codes
from tips.models import Tip, TipAttachment, TipMessage


class WrongCodeOrPinError(Exception):
    """The code and PIN do not match a tip (the same for a wrong code and a wrong PIN);
    `tries_left` wrong PINs more for this code lock its look-up."""

    def __init__(self, tries_left: int):
        super().__init__(tries_left)
        self.tries_left = tries_left


class LookupLockedError(Exception):
    """Too many wrong PINs for this code: look-ups are refused until `until`."""

    def __init__(self, until: datetime.datetime):
        super().__init__(until)
        self.until = until


def _lock_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.WARDSEC_PIN_LOCK_MINUTES)


def _unknown_code_failure(digest: str, now: datetime.datetime) -> tuple[Any, int]:
    """Count a wrong look-up of a code that has no tip, in the cache, by the same rule as a
    real code's count on its row: WARDSEC_PIN_MAX_FAILURES failures within the lock window of
    the first lock the code for the window from the last one. Returns the lock's end (or None)
    and the failures counted.
    Atomic (`add` + `incr`), so parallel guesses lock it at the same count as a real code. The
    keys hold only the code's keyed digest. A cache that is down counts nothing."""
    from django.core.cache import cache

    window = int(_lock_window().total_seconds())
    count_key, lock_key = f"tips:lookup:n:{digest[:32]}", f"tips:lookup:until:{digest[:32]}"
    try:
        until = cache.get(lock_key)
        if until is None:
            cache.add(count_key, 0, timeout=window)
            try:
                failures = cache.incr(count_key)
            except ValueError:  # expired between the two calls
                failures = 1
                cache.set(count_key, failures, timeout=window)
            if failures < settings.WARDSEC_PIN_MAX_FAILURES:
                return None, failures
            cache.add(lock_key, (now + _lock_window()).timestamp(), timeout=window)
            until = cache.get(lock_key)
    except Exception:  # the cache is down: count nothing rather than fail the page
        return None, 0
    end = datetime.datetime.fromtimestamp(until, tz=datetime.UTC) if until else None
    return end, settings.WARDSEC_PIN_MAX_FAILURES


def _tip_failure(tip: Tip, now: datetime.datetime) -> tuple[Any, int]:
    """Count a wrong PIN on the (locked) row of `tip`; returns the lock's end (or None) and
    the failures counted."""
    recent = tip.pin_failed_at is not None and tip.pin_failed_at > now - _lock_window()
    failures = (tip.pin_failed_attempts if recent else 0) + 1
    fields: dict[str, Any] = {
        "pin_failed_attempts": failures,
        "pin_failed_at": tip.pin_failed_at if recent else now,
    }
    if failures >= settings.WARDSEC_PIN_MAX_FAILURES:
        fields = {
            "pin_failed_attempts": 0,
            "pin_failed_at": None,
            "pin_locked_until": now + _lock_window(),
        }
    Tip.objects.with_scopes_disabled().filter(pk=tip.pk).update(**fields)
    return fields.get("pin_locked_until"), failures


def _tip_success(tip: Tip, code: str, pin: str) -> None:
    """Reset the count; a PIN hashed the old way (PBKDF2) is stored in the keyed form now."""
    fields: dict[str, Any] = {}
    if tip.pin_failed_attempts or tip.pin_failed_at:
        fields |= {"pin_failed_attempts": 0, "pin_failed_at": None, "pin_locked_until": None}
    if not codes.is_current_pin_digest(tip.pin_hash):
        fields["pin_hash"] = tip.pin_hash = codes.pin_digest(code, pin)
    if fields:
        Tip.objects.with_scopes_disabled().filter(pk=tip.pk).update(**fields)


def _count(rows: QuerySet[Any]) -> Subquery:
    """The number of `rows` of the outer query's tip."""
    return Subquery(
        rows.filter(tip=OuterRef("pk"))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )


def _status_read(code: str) -> Tip | None:
    """The tip of `code` with what its status page shows, in one query: its ward,
    `photo_count` and `public_message_count` (most tips have no message: their page needs no
    second query). Not locked. (No model ordering, no COALESCE: each costs more to compile
    than the query takes to run; COUNT without GROUP BY is 0 for a tip without any.)"""
    found = (
        Tip.objects.filter(code_digest=codes.code_digest(code), pin_hash__gt="")
        .select_related("ward")
        .annotate(
            photo_count=_count(TipAttachment.objects.all()),
            public_message_count=_count(TipMessage.objects.public()),
        )
        .order_by()[:1]
    )
    return next(iter(found), None)


def _check_tip(code: str, pin: str, now: datetime.datetime) -> tuple[Tip | None, Any]:
    """(tip, None) for the right PIN; (None, (lock end or None, failures)) otherwise; (None,
    False) when no tip has this code. A right PIN on a row with nothing to write (no failure
    counted, the PIN's digest current) is answered from one unlocked read; anything else is
    decided again on the locked row (`_check_tip_locked`), so every wrong guess is counted
    under the lock."""
    with scopes_disabled():
        tip = _status_read(code)
    if tip is None:
        return None, False
    if tip.pin_locked_until and tip.pin_locked_until > now:
        return None, (tip.pin_locked_until, settings.WARDSEC_PIN_MAX_FAILURES)
    clean = not (tip.pin_failed_attempts or tip.pin_failed_at)
    if (
        clean
        and codes.is_current_pin_digest(tip.pin_hash)
        and codes.check_pin(code, pin, tip.pin_hash)
    ):
        return tip, None
    return _check_tip_locked(code, pin, now)


def _check_tip_locked(code: str, pin: str, now: datetime.datetime) -> tuple[Tip | None, Any]:
    """`_check_tip` on the tip's row locked while its count is read and written, so parallel
    guesses are counted one after the other."""
    with transaction.atomic(), scopes_disabled():
        tip = (
            Tip.objects.select_for_update()
            .filter(code_digest=codes.code_digest(code), pin_hash__gt="")
            .first()
        )
        if tip is None:
            return None, False
        if tip.pin_locked_until and tip.pin_locked_until > now:
            return None, (tip.pin_locked_until, settings.WARDSEC_PIN_MAX_FAILURES)
        if codes.check_pin(code, pin, tip.pin_hash):
            _tip_success(tip, code, pin)
            return tip, None
        return None, _tip_failure(tip, now)


def find_tip_for_citizen(*, code: str, pin: str) -> Tip | None:
    """`look_up_tip`, with None for a wrong code or PIN."""
    try:
        return look_up_tip(code=code, pin=pin)
    except WrongCodeOrPinError:
        return None


def look_up_tip(*, code: str, pin: str) -> Tip:
    """The tip whose code and PIN match; else WrongCodeOrPinError — the same for a wrong code
    and a wrong PIN, with the tries left before the lock. The WARDSEC_PIN_MAX_FAILURES-th wrong
    PIN for a code within WARDSEC_PIN_LOCK_MINUTES of the first locks it for
    WARDSEC_PIN_LOCK_MINUTES (LookupLockedError), whatever the client's address. A real
    code's count is kept on its row (locked with SELECT … FOR UPDATE: atomic
    under parallel guesses), an unknown code's in the cache, by the same rule, so that the
    answers and the lock's end do not tell whether a code exists."""
    now = timezone.now()
    normalised = codes.normalise_code(code) or "".join(code.split()).upper()[:40]
    tip, failed = _check_tip(normalised, pin, now)
    if tip is not None:
        return tip
    if failed is False:
        codes.pin_digest(normalised, pin)  # the work a real check does
        failed = _unknown_code_failure(codes.code_digest(normalised), now)
    locked, failures = failed
    if locked:
        raise LookupLockedError(locked)
    raise WrongCodeOrPinError(max(settings.WARDSEC_PIN_MAX_FAILURES - failures, 1))
