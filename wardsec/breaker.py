"""Per-process circuit breakers for the services a request may wait on (the cache's and the
broker's Redis).

A hung Redis answers nothing until a socket timeout; without a breaker every cache call of every
request would wait that long. One breaker per server address (`for_url`): the cache and the
broker on the same Redis share it. After one failure the breaker opens: calls are refused at once
(`Unavailable`) for `cooldown` seconds, then one call is let through to try again (half-open);
its success closes the breaker, its failure opens it for another `cooldown`. So an outage
costs each process at most one short timeout per cool-down, whatever the traffic.

The state is per process (gunicorn worker, Celery worker), never shared: a breaker must work
precisely when the shared store does not.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

DEFAULT_COOLDOWN_SECONDS = 10.0


class Unavailable(Exception):  # noqa: N818 - reads as "breaker.Unavailable"
    """The service failed just now or is being given time to recover: not called."""


class CircuitBreaker:
    """Refuses calls for `cooldown` seconds after a failure; thread-safe."""

    def __init__(self, name: str, cooldown: float = DEFAULT_COOLDOWN_SECONDS):
        self.name = name
        self.cooldown = cooldown
        self._lock = threading.Lock()
        self._open_until = 0.0  # monotonic time; 0 means closed
        self._failures = 0

    @property
    def failures(self) -> int:
        """Failures since the last success (each one cost a timeout or a refused connection)."""
        return self._failures

    @property
    def is_open(self) -> bool:
        return self._open_until > time.monotonic()

    def allow(self) -> bool:
        """True when a call may go ahead. Once the cool-down is over, the first caller gets
        the trial call and the others are still refused until it reports back."""
        with self._lock:
            if not self._open_until:
                return True
            now = time.monotonic()
            if now < self._open_until:
                return False
            self._open_until = now + self.cooldown  # the trial call; others keep waiting
            return True

    def succeeded(self) -> None:
        with self._lock:
            if self._open_until:
                logger.warning("%s is reachable again.", self.name)
            self._open_until = 0.0
            self._failures = 0

    def failed(self, exc: BaseException) -> None:
        with self._lock:
            self._failures += 1
            self._open_until = time.monotonic() + self.cooldown
        logger.warning(
            "%s unavailable (%s); not tried again for %.0f s.",
            self.name,
            type(exc).__name__,
            self.cooldown,
        )

    def reset(self) -> None:
        with self._lock:
            self._open_until = 0.0
            self._failures = 0

    @contextmanager
    def guard(self, errors: tuple[type[BaseException], ...]) -> Iterator[None]:
        """Run the block if the breaker allows it. One of `errors` raised by the block opens
        the breaker and is re-raised as `Unavailable`; anything else passes through untouched
        (a bug is not an outage)."""
        if not self.allow():
            raise Unavailable(self.name)
        try:
            yield
        except errors as exc:
            self.failed(exc)
            raise Unavailable(self.name) from exc
        self.succeeded()


_breakers: dict[str, CircuitBreaker] = {}
_registry_lock = threading.Lock()


def get(name: str, cooldown: float = DEFAULT_COOLDOWN_SECONDS) -> CircuitBreaker:
    """The process's breaker called `name` (one per service address), made on first use."""
    with _registry_lock:
        found = _breakers.get(name)
        if found is None:
            found = _breakers[name] = CircuitBreaker(name, cooldown)
        return found


def for_url(url: str, cooldown: float = DEFAULT_COOLDOWN_SECONDS) -> CircuitBreaker:
    """The breaker of the server at `url`, shared by everything that talks to that host and
    port (the cache and the broker on one Redis: when one finds it hung, the other does not
    wait for it too). Its name holds no credentials and no database number."""
    parts = urlsplit(url)
    address = f"{parts.hostname or ''}:{parts.port or ''}" if parts.hostname else parts.path
    return get(f"{parts.scheme or 'redis'}://{address}", cooldown)


def reset_all() -> None:
    """Close every breaker (tests; an operator's shell after fixing Redis)."""
    with _registry_lock:
        breakers = list(_breakers.values())
    for item in breakers:
        item.reset()
