"""The cache: Django's Redis cache, bounded in time when Redis is down or hung.

Every call waits at most the socket timeout (CACHE_TIMEOUT_SECONDS, well under a second) and is
never retried by the client. A connection error or timeout opens the process's breaker for this
Redis (wardsec.breaker): for the cool-down, every cache call raises `CacheUnavailable` at once
instead of waiting again. So a stopped Redis costs a refused connection, a hung one at most one
timeout per process per cool-down.

Callers decide what an unavailable cache means for them, and must catch `CacheUnavailable`
(or any Exception, as the cache may also be a plain Django backend in development): rate
limits see wardsec.ratelimit; the PIN receipt (tips.receipts) and the look-up counters of
unknown codes (tips.services) just do without.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.retry import Retry

from wardsec import breaker

CACHE_TIMEOUT_SECONDS = 0.5
# What counts as "Redis is not there" (a refused or lost connection, a timeout, a Redis still
# loading); anything else (a wrong command, a bad value) is a bug and is raised as it is.
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (
    redis.ConnectionError,
    redis.TimeoutError,
    OSError,
)
# The methods of Django's RedisCacheClient that talk to Redis.
_GUARDED = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)

CacheUnavailable = breaker.Unavailable


class _GuardedClient(RedisCacheClient):
    """Django's Redis client whose every call goes through the breaker of its server."""

    def __init__(self, servers: list[str], **options: Any):
        super().__init__(servers, **options)
        self._breaker = breaker.for_url(servers[0])
        self._clients: dict[int, redis.Redis] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> redis.Redis:
        """One client per server, kept: Django makes a new `redis.Redis` for every call, and
        each one builds its table of ~170 response callbacks (~0.1 ms, seven times a tip).
        A client is thread-safe; its connections come from the server's pool as before."""
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))  # the pools are kept for the client's life
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


def _guarded(name: str) -> Callable[..., Any]:
    method = getattr(RedisCacheClient, name)

    @functools.wraps(method)
    def call(self: _GuardedClient, *args: Any, **kwargs: Any) -> Any:
        with self._breaker.guard(OUTAGE_ERRORS):
            return method(self, *args, **kwargs)

    return call


for _name in _GUARDED:
    setattr(_GuardedClient, _name, _guarded(_name))


class ResilientRedisCache(RedisCache):
    """Django's RedisCache with short socket timeouts, no client retries and a breaker.

    OPTIONS may set `socket_timeout` and `socket_connect_timeout` (seconds); both default to
    CACHE_TIMEOUT_SECONDS."""

    def __init__(self, server: str, params: dict[str, Any]):
        super().__init__(server, params)
        self._class = _GuardedClient
        self._options = {
            "socket_timeout": CACHE_TIMEOUT_SECONDS,
            "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
            **params.get("OPTIONS", {}),
            "retry": Retry(NoBackoff(), 0),
        }
