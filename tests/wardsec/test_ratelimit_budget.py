"""wardsec.ratelimit.budget_spent: a budget that counts only what succeeded (the tip form's
tips per address) — checked without counting, counted afterwards by is_limited."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from wardsec import breaker, ratelimit

GROUP = "tests.budget"


def request(address: str = "203.0.113.90"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def spent(address: str = "203.0.113.90") -> bool:
    return ratelimit.budget_spent(
        request(address), group=GROUP, rate="3/h", when_unavailable="closed"
    )


def count(address: str = "203.0.113.90") -> None:
    ratelimit.is_limited(request(address), group=GROUP, rate="3/h", when_unavailable="closed")


def test_checking_does_not_count_and_the_budget_is_exact(db):
    for _ in range(10):
        assert not spent()  # checking alone spends nothing
    for used in range(3):
        assert not spent(), used
        count()
    assert spent()  # three counted of three: the fourth is refused, not the fifth
    assert not spent("198.51.100.91")  # another address has its own budget


def test_a_cache_that_is_down_fails_as_told(settings):
    settings.CACHES = {
        "default": {**settings.WARDSEC_REDIS_CACHE, "LOCATION": "redis://127.0.0.1:1/0"}
    }
    breaker.reset_all()
    try:
        with pytest.raises(ratelimit.LimitUnavailable):
            spent()
        assert not ratelimit.budget_spent(
            request(), group=GROUP, rate="3/h", when_unavailable="open"
        )
    finally:
        breaker.reset_all()
